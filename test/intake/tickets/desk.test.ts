import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BranchDirectory } from '../../../intake/routing/directory.ts';
import { Desk, deskMessages, statusLabels, type Actor } from '../../../intake/tickets/desk.ts';
import { TicketError, TicketStore } from '../../../intake/tickets/ticket-store.ts';
import type { TicketDraft } from '../../../intake/tickets/ticket.ts';
import { FakeClock } from '../../../lib/clock.ts';
import { openDatabase, type AppDatabase } from '../../../lib/database.ts';
import { Outbox } from '../../../lib/outbox.ts';
import { AccessLog } from '../../../intake/tickets/access-log.ts';

// Not test/helpers.ts: the desk needs no app, so the test does not load the whole bot.
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tgpl-desk-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const DRAFT = {
  forWhom: 'self', fullName: 'Lò Văn Páo', birthYear: 1958, phone: '0912345678', addressText: 'xã Bắc Yên, Sơn La',
  provinceCode: '14', communeCode: null, communeName: null, facts: {}, eligibility: 'eligible (7.7c)', field: 'dat_dai',
  description: 'Hàng xóm lấn đất.', deadline: null, urgent: false, contact: 'message',
} as unknown as TicketDraft;
const ORIGIN = { channel: 'zalo', chatId: 'citizen-chat', userId: 'citizen' };

function directoryFile(): string {
  const file = join(tempDir(), 'directory.yaml');
  writeFileSync(file, [
    'centre:',
    '  name: Trung tâm thử',
    '  province: "14"',
    '  staffChats: [{ channel: console, chatId: staff-centre }]',
    'branches: []',
    'staff:',
    '  - { channel: console, userId: an, role: centre }',
    '  - { channel: telegram, userId: binh, role: centre }',
  ].join('\n'));
  return file;
}

async function openDesk(storage?: AppDatabase, file = directoryFile()) {
  storage ??= await openDatabase(join(tempDir(), 'desk.sqlite'), { file: join(tempDir(), 'keys.json') });
  const { db, vault } = storage;
  cleanups.push(() => db.close().catch(() => undefined));
  const store = new TicketStore(db, vault);
  const outbox = new Outbox(db, vault);
  const access = new AccessLog(db);
  const directory = BranchDirectory.load(file, undefined);
  const options = { store, access, directory, outbox, clock: new FakeClock(new Date('2026-11-21T03:00:00Z')), timeZone: 'Asia/Ho_Chi_Minh', remindAfterHours: 4, escalateAfterHours: 24 };
  return { db, store, outbox, desk: new Desk(options), options };
}

const staff = (desk: Desk, channel: string, userId: string): Actor => ({ kind: 'staff', member: desk.options.directory.staffMember(channel, userId)! });

describe('the staff desk under concurrency', () => {
  it('lets exactly one of two staff accepting the same ticket at once win; the other is told it is taken', async () => {
    const { desk, store, outbox } = await openDesk();
    const ticket = await desk.file(DRAFT, ORIGIN);
    expect(ticket.status).toBe('routed');
    const results = await Promise.allSettled([desk.accept(staff(desk, 'console', 'an'), '1'), desk.accept(staff(desk, 'telegram', 'binh'), '1')]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(TicketError);
    expect((lost[0]!.reason as Error).message).toBe(`Yêu cầu ${ticket.number} đang ở trạng thái "đã nhận", không chuyển sang "đã nhận" được`);
    expect((await store.events(ticket.number)).filter((e) => e.to === 'accepted')).toHaveLength(1);
    // The citizen is told once.
    expect((await outbox.pending(['zalo'])).map((m) => m.text)).toEqual([
      deskMessages.say('status_changed', { number: ticket.number, status: statusLabels.say('accepted') }),
    ]);
  });

  it('lets one of two processes (two connections to the file) win the same change', async () => {
    const path = join(tempDir(), 'shared.sqlite');
    const keys = { file: join(tempDir(), 'keys.json') };
    const file = directoryFile();
    const a = await openDesk(await openDatabase(path, keys), file);
    const b = await openDesk(await openDatabase(path, keys), file);
    const ticket = await a.desk.file(DRAFT, ORIGIN);
    // Two staff accept at once: whichever runs second (overlapping or not) finds it already accepted.
    const results = await Promise.allSettled([
      a.desk.accept(staff(a.desk, 'console', 'an'), ticket.number),
      b.desk.accept(staff(b.desk, 'telegram', 'binh'), ticket.number),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const final = (await a.store.get(ticket.number))!;
    const changes = (await a.store.events(ticket.number)).filter((e) => e.action === 'status');
    expect(changes).toHaveLength(1);
    expect(changes[0]!.to).toBe(final.status);
    expect(await a.outbox.pending(['zalo'])).toHaveLength(1);
  });

  it('writes a ticket change and the messages it causes together, or neither', async () => {
    const { desk, store, options } = await openDesk();
    const ticket = await desk.file(DRAFT, ORIGIN);
    const failing = new Desk({ ...options, outbox: { enqueue: async () => { throw new Error('disk full'); } } as unknown as Outbox });
    await expect(failing.accept(staff(desk, 'console', 'an'), ticket.number)).rejects.toThrow('disk full');
    expect((await store.get(ticket.number))!.status).toBe('routed');
    expect((await store.events(ticket.number)).map((e) => e.action)).toEqual(['create', 'route']);
    // Filing too: no ticket without the message to staff.
    await expect(failing.file(DRAFT, ORIGIN)).rejects.toThrow('disk full');
    expect(await store.list()).toHaveLength(1);
  });

  it('refuses at the store a change whose status moved on, even called outside the desk', async () => {
    const { desk, store } = await openDesk();
    const ticket = await desk.file(DRAFT, ORIGIN);
    const now = new Date('2026-11-21T04:00:00Z');
    const outcomes = await Promise.allSettled([
      store.transition(ticket.number, 'accepted', 'a', '', now),
      store.transition(ticket.number, 'withdrawn', 'b', '', now),
      store.route(ticket.number, 'centre', 'c', '', now, 'triaged'),
    ]);
    const statuses = (await store.events(ticket.number)).slice(2).map((e) => `${e.from}→${e.to}`);
    // Each change that succeeded started from the status the one before it left.
    expect(statuses.length).toBe(outcomes.filter((o) => o.status === 'fulfilled').length);
    let previous = 'routed';
    for (const s of statuses) {
      expect(s.startsWith(`${previous}→`)).toBe(true);
      previous = s.split('→')[1]!;
    }
    expect((await store.get(ticket.number))!.status).toBe(previous);
  });
});
