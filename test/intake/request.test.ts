import { describe, expect, it } from 'vitest';
import { parseDateInput } from '../../intake/request/date-input.ts';
import { normalizePhone } from '../../intake/request/phone.ts';
import { workingDaysBetween } from '../../intake/tickets/working-days.ts';

describe('request inputs', () => {
  it.each([
    ['0912345678', '0912345678'],
    ['0912 345 678', '0912345678'],
    ['0912.345.678', '0912345678'],
    ['+84 912 345 678', '0912345678'],
    ['84912345678', '0912345678'],
    ['0212 3852 123', '02123852123'],
    ['091234567', undefined],
    ['1800.1233', undefined],
    ['abc', undefined],
    ['0112345678', undefined],
  ])('phone %s → %s', (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });

  it.each([
    ['25/12/2026', '2026-12-25'],
    ['25-12-2026', '2026-12-25'],
    ['1/2', '2027-02-01'],
    ['30/11', '2026-11-30'],
    ['2026-12-25', '2026-12-25'],
    ['31/02/2027', undefined],
    ['mai', '2026-11-22'],
  ])('date %s → %s', (input, expected) => {
    expect(parseDateInput(input, '2026-11-21')).toBe(expected);
  });

  it('counts working days, skipping weekends', () => {
    expect(workingDaysBetween('2026-11-20', '2026-11-27')).toBe(5); // Friday → next Friday
    expect(workingDaysBetween('2026-11-21', '2026-11-24')).toBe(2); // Saturday → Tuesday
    expect(workingDaysBetween('2026-11-21', '2026-11-20')).toBe(0);
  });
});

describe('choice lists kept as data', () => {
  it('keep labels with commas whole', async () => {
    const { REQUEST_FIELDS } = await import('../../intake/tickets/fields.ts');
    expect(REQUEST_FIELDS.map((f) => f.label)).toContain('Dân sự (vay nợ, hợp đồng, thừa kế…)');
    expect(REQUEST_FIELDS.map((f) => f.label)).toContain('Lao động, việc làm');
  });
});
