import { describe, expect, it } from 'vitest';
import { localDate, localDateTime, localYear } from '../../../intake/tickets/local-time.ts';
import { actorDisplay, eligibilityName, parseEligibility, parseStatus, statusName, takeStatus } from '../../../intake/tickets/staff-labels.ts';
import { TICKET_STATUSES } from '../../../intake/tickets/ticket.ts';
import { findTicketNumber, formatTicketNumber, parseTicketRef, takeTicketRef } from '../../../intake/tickets/ticket-number.ts';

describe('ticket numbers as typed', () => {
  it.each([
    ['3', { seq: 3 }],
    ['000003', { seq: 3 }],
    ['#3', { seq: 3 }],
    ['TG-2026-000003', { year: 2026, seq: 3 }],
    ['tg-2026-000003', { year: 2026, seq: 3 }],
    ['tg2026-3', { year: 2026, seq: 3 }],
    ['TG 2026 3', { year: 2026, seq: 3 }],
    ['TG2026000003', { year: 2026, seq: 3 }],
    ['2026-3', { year: 2026, seq: 3 }],
  ])('reads %s', (typed, ref) => {
    expect(parseTicketRef(typed)).toEqual(ref);
  });

  it.each(['', '0', '000000', 'abc', 'TG-1999-000001', 'H-1', '3 lý do', 'tg-2026'])('refuses %o', (typed) => {
    expect(parseTicketRef(typed)).toBeUndefined();
  });

  it('takes a number from the start of a command\'s words, spaced or not, and leaves the rest', () => {
    expect(takeTicketRef(['3', 'đã', 'gọi'])).toEqual({ ref: { seq: 3 }, text: '3', rest: ['đã', 'gọi'] });
    expect(takeTicketRef(['TG', '2026', '3', 'xong'])).toEqual({ ref: { year: 2026, seq: 3 }, text: 'TG 2026 3', rest: ['xong'] });
    // A short number followed by a number in the note is not read as a year.
    expect(takeTicketRef(['3', '15', 'giờ'])).toEqual({ ref: { seq: 3 }, text: '3', rest: ['15', 'giờ'] });
    expect(takeTicketRef(['abc'])).toBeUndefined();
  });

  it('finds a full number inside a message, and formats the stored form', () => {
    expect(findTicketNumber('cho tôi xem yêu cầu tg2026-3 với')).toEqual({ year: 2026, seq: 3 });
    expect(findTicketNumber('Số TG-2026-000012.')).toEqual({ year: 2026, seq: 12 });
    expect(findTicketNumber('tôi 3 tuổi')).toBeUndefined();
    expect(formatTicketNumber(2027, 42)).toBe('TG-2027-000042');
  });
});

describe('statuses as staff see and type them', () => {
  it('has a Vietnamese name for every status, typed with or without diacritics, or in English', () => {
    for (const status of TICKET_STATUSES) {
      expect(statusName(status)).not.toBe(status);
      expect(parseStatus(status)).toBe(status);
      expect(parseStatus(statusName(status))).toBe(status);
    }
    expect(parseStatus('xong')).toBe('done');
    expect(parseStatus('Đang Giúp')).toBe('in_progress');
    expect(parseStatus('dang giup')).toBe('in_progress');
    expect(parseStatus('in_progress')).toBe('in_progress');
    expect(parseStatus('khong thuoc dien')).toBe('not_eligible');
    expect(parseStatus('finished')).toBeUndefined();
    expect(takeStatus(['đã', 'chuyển', 'chi', 'nhánh', 'gọi', 'lại'])).toEqual({ status: 'routed', rest: ['gọi', 'lại'] });
    expect(takeStatus(['gọi'])).toBeUndefined();
  });

  it('names the eligibility result given at filing, actors and actions', () => {
    expect(eligibilityName('eligible (7.7c, 7.1)')).toBe('thuộc diện (7.7c, 7.1)');
    expect(eligibilityName('more_info')).toBe('cần bổ sung');
    expect(eligibilityName('ineligible')).toBe('có thể không thuộc diện');
    expect(parseEligibility('can bo sung')).toBe('more_info');
    expect(actorDisplay('system')).toBe('hệ thống');
    expect(actorDisplay('citizen:zalo')).toBe('người dân (zalo)');
    expect(actorDisplay('telegram:42', (c, u) => (c === 'telegram' && u === '42' ? 'Chị An' : undefined))).toBe('Chị An');
    expect(actorDisplay('telegram:43', () => undefined)).toBe('telegram:43');
  });
});

describe('local time', () => {
  it('writes dd/mm/yyyy HH:mm in the time zone, and takes the local year', () => {
    expect(localDateTime('2026-11-21T03:00:00.000Z')).toBe('21/11/2026 10:00');
    expect(localDateTime('2026-12-31T18:05:00Z', 'Asia/Ho_Chi_Minh')).toBe('01/01/2027 01:05');
    expect(localDateTime('2026-12-31T18:05:00Z', 'UTC')).toBe('31/12/2026 18:05');
    expect(localDateTime('2026-06-01T16:30:00Z')).toBe('01/06/2026 23:30');
    expect(localDate('2026-11-24')).toBe('24/11/2026');
    expect(localYear(new Date('2026-12-31T18:00:00Z'))).toBe(2027);
    expect(localYear(new Date('2026-12-31T18:00:00Z'), 'UTC')).toBe(2026);
  });
});
