import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { FIRST_RUN_DELAY_MS, loadRetention, Retention } from '../../../bot/privacy/retention.ts';
import type { TicketDraft } from '../../../intake/tickets/ticket.ts';
import { ConfigError, PROJECT_ROOT } from '../../../lib/config.ts';
import { silentLogger } from '../../../lib/logger.ts';
import { incoming, tempDir, testApp, testAppOn } from '../../helpers.ts';
import { BACKENDS } from '../../postgres.ts';

const DAY = 86_400_000;
const DRAFT: TicketDraft = {
  forWhom: 'self', fullName: 'Lò Văn Páo', birthYear: 1958, phone: '0912345678', addressText: 'bản Pá Hốc, xã Tà Xùa, Sơn La',
  provinceCode: '14', communeCode: '03856', communeName: 'Xã Bắc Yên', facts: { household: 'poor' }, eligibility: 'eligible (7.2)',
  field: 'dat_dai', description: 'Hàng xóm lấn đất nhà tôi.', deadline: null, urgent: false, contact: 'call',
};
const operator = { kind: 'operator', user: 'test' } as const;

describe.each(BACKENDS)('retention (intake/parameters/retention.yaml) (%s)', (backend) => {
  it('is data: every period with days, a reason and a source, from a date', () => {
    const policy = loadRetention(join(PROJECT_ROOT, 'intake', 'parameters', 'retention.yaml'));
    const now = policy.at('2026-11-21')!;
    expect(now.idleConversations.days).toBe(30);
    expect(now.closedTickets.withdrawn.days).toBe(30);
    expect(now.closedTickets.done.reason).toContain('Điều 39');
    expect(policy.at('2025-12-31')).toBeUndefined();
    const bad = join(tempDir(), 'retention.yaml');
    writeFileSync(bad, 'description: x\nvalues:\n  2026-01-01:\n    idleConversations: { days: 0, reason: r, source: s }\nmetadata:\n  reference: [{ title: t }]\n');
    expect(() => loadRetention(bad)).toThrow(ConfigError);
    expect(() => loadRetention(bad)).toThrow(/^Lỗi tệp thời hạn lưu giữ dữ liệu: .*retention\.yaml/u);
    expect(() => loadRetention(join(tempDir(), 'none.yaml'))).toThrow(/^Lỗi cấu hình: RETENTION_FILE = ".*none\.yaml" không có tệp này$/u);
  });

  it('deletes old conversations and messages and anonymises closed tickets past their periods, keeping the statistics (fake clock)', async () => {
    const app = await testAppOn(backend);
    const { desk, tickets, outbox } = app.intake;
    const T0 = app.clock.now();
    const origin = (n: number) => ({ channel: 'zalo', chatId: `c${n}`, userId: `u${n}` });
    const done = await desk.file(DRAFT, origin(1));
    const withdrawn = await desk.file({ ...DRAFT, phone: '0987654321' }, origin(2));
    const rejected = await desk.file(DRAFT, origin(3));
    const open = await desk.file(DRAFT, origin(4));
    await desk.setStatus(operator, done.number, 'accepted', '');
    await desk.setStatus(operator, done.number, 'done', 'đã xong, gọi ông Páo');
    await desk.setStatus(operator, withdrawn.number, 'withdrawn', '');
    await desk.reject(operator, rejected.number, 'ông Páo không thuộc diện');
    // A draft left half-filled, and a conversation that goes on.
    for (const line of ['gửi yêu cầu', 'đồng ý', 'cho tôi', 'Lò Thị Mai']) await app.assistant.handle(incoming(line, { chatId: 'draft', userId: 'draft' }));
    for (const m of await outbox.pending()) await outbox.markSent(m.id, T0);
    const sentAtStart = (await outbox.pending()).length;
    expect(sentAtStart).toBe(0);

    app.clock.advance(31 * DAY);
    await app.assistant.handle(incoming('menu', { chatId: 'active', userId: 'active' }));
    const dry = await app.retention.run({ dryRun: true });
    // Idle: the half-filled draft's conversation, and the one the satisfaction survey opened when ticket 1 was closed as done.
    expect(dry).toMatchObject({ dryRun: true, idleConversations: 2, anonymisedTickets: { withdrawn: 1, done: 0, rejected: 0, not_eligible: 0 } });
    expect(dry.deliveredMessages).toBeGreaterThan(0);
    // A dry run changes nothing.
    expect((await tickets.get(withdrawn.number))!.fullName).toBe('Lò Văn Páo');
    expect(await app.retention.run({ dryRun: true })).toEqual(dry);

    const applied = await app.retention.run();
    expect({ ...applied, at: dry.at, dryRun: true }).toEqual(dry);
    const gone = (await tickets.get(withdrawn.number))!;
    expect(gone).toMatchObject({ fullName: '', phone: '', addressText: '', description: '', communeName: null, chatId: '', userId: '', facts: {} });
    expect(gone.requester).toBeUndefined();
    expect(gone.anonymisedAt).toBe(app.clock.now().toISOString());
    // The statistics stay: group, field, branch, dates, outcome, channel.
    expect(gone).toMatchObject({ status: 'withdrawn', eligibility: 'eligible (7.2)', field: 'dat_dai', branchId: withdrawn.branchId, channel: 'zalo', createdAt: withdrawn.createdAt, urgent: false });
    expect(gone.closedAt).toBe(T0.toISOString());
    expect((await tickets.events(withdrawn.number)).map((e) => e.action)).toEqual(['create', 'route', 'status', 'anonymise']);
    expect(await tickets.findByPhone('0987654321')).toEqual([]);
    expect(await tickets.listForUser('zalo', 'u2')).toEqual([]);
    // Not yet: a finished case is kept a year, a refusal too; an open case is never touched.
    expect((await tickets.get(done.number))!.fullName).toBe('Lò Văn Páo');
    expect((await tickets.events(done.number)).some((e) => e.note === 'đã xong, gọi ông Páo')).toBe(true);
    expect(await app.retention.run()).toMatchObject({ idleConversations: 0, deliveredMessages: 0, anonymisedTickets: { withdrawn: 0 } });

    app.clock.advance(335 * DAY);
    const year = await app.retention.run();
    expect(year.anonymisedTickets).toEqual({ done: 1, rejected: 1, not_eligible: 0, withdrawn: 0 });
    for (const number of [done.number, rejected.number]) {
      const t = (await tickets.get(number))!;
      expect(t.fullName).toBe('');
      expect((await tickets.events(number)).every((e) => e.note === '')).toBe(true);
    }
    expect((await tickets.get(open.number))!).toMatchObject({ fullName: 'Lò Văn Páo', status: 'routed', anonymisedAt: null });
    // Counting by field, status and branch still works on every ticket.
    const all = await tickets.list();
    expect(all.map((t) => [t.status, t.field, t.eligibility]).sort()).toEqual(
      [['done', 'dat_dai', 'eligible (7.2)'], ['rejected', 'dat_dai', 'eligible (7.2)'], ['routed', 'dat_dai', 'eligible (7.2)'], ['withdrawn', 'dat_dai', 'eligible (7.2)']],
    );
  });

  it('runs a minute after the start, then daily, on timers that keep no process alive, and stops', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const runs: number[] = [];
      const retention = new Retention({ policy: { at: () => undefined } as never, clock: { now: () => new Date() }, timeZone: 'Asia/Ho_Chi_Minh', logger: silentLogger } as never);
      retention.run = async () => {
        runs.push(Date.now());
        return {} as never;
      };
      retention.start();
      expect((retention as unknown as { timer: NodeJS.Timeout }).timer.hasRef()).toBe(false);
      await vi.advanceTimersByTimeAsync(FIRST_RUN_DELAY_MS - 1);
      expect(runs).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(1);
      expect(runs).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(DAY);
      expect(runs).toHaveLength(2);
      await retention.stop();
      await vi.advanceTimersByTimeAsync(3 * DAY);
      expect(runs).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
