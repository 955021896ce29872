import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ticketsCommand } from '../../bot/commands/tickets.ts';
import { HandoffRelay } from '../../bot/handoff-relay.ts';
import { looksLikeDeskAnswer } from '../../bot/staff-commands.ts';
import { handoffPacing } from '../../intake/handoff/pacing.ts';
import type { TicketDraft } from '../../intake/tickets/ticket.ts';
import { FakeClock } from '../../lib/clock.ts';
import { incoming, render, tempDir, testApp, testConfig } from '../helpers.ts';

const DRAFT: TicketDraft = {
  forWhom: 'self',
  fullName: 'Lò Văn Páo',
  birthYear: 1958,
  phone: '0912345678',
  addressText: 'xã Song Pe, huyện Bắc Yên, Sơn La',
  provinceCode: '14',
  communeCode: '03856',
  communeName: 'Xã Bắc Yên',
  facts: { household: 'near_poor', age: 68 },
  eligibility: 'eligible (7.7c)',
  field: 'dat_dai',
  description: 'Hàng xóm lấn đất nhà tôi.',
  deadline: null,
  urgent: false,
  contact: 'message',
};
const ORIGIN = { channel: 'zalo', chatId: 'citizen-chat', userId: 'citizen' };

async function withTicket(app?: Awaited<ReturnType<typeof testApp>>) {
  app ??= await testApp();
  const ticket = await app.intake.desk.file(DRAFT, ORIGIN);
  const staff = (userId: string, text: string, extra = {}) => app.assistant.handle(incoming(text, { chatId: userId, userId, ...extra }));
  return { app, ticket, staff };
}

/** A directory whose Bắc Yên branch works in a Zalo group ("g-bac-yen"), as branches do. */
function zaloGroupDirectory(): string {
  const file = join(tempDir(), 'directory.yaml');
  writeFileSync(
    file,
    [
      'centre:',
      '  name: Trung tâm thử',
      '  province: "14"',
      '  staffChats: [{ channel: console, chatId: staff-centre }]',
      'branches:',
      '  - id: cn-bac-yen',
      '    name: Chi nhánh Bắc Yên',
      '    communes: ["03856"]',
      '    staffChats: [{ channel: zalo, chatId: g-bac-yen }]',
      'staff:',
      '  - { channel: console, userId: staff-centre, role: centre }',
      '  - { channel: zalo, userId: z-an, role: branch, branch: cn-bac-yen, name: Chị An }',
    ].join('\n'),
  );
  return file;
}

describe('the staff desk in chat', () => {
  it('refuses a staff action from a citizen', async () => {
    const { app, ticket } = await withTicket();
    const out = render(await app.assistant.handle(incoming(`/nhan ${ticket.number}`, { chatId: 'citizen-chat', userId: 'citizen' })));
    expect(out).toBe('Lệnh này chỉ dành cho cán bộ trợ giúp pháp lý.');
    expect((await app.intake.tickets.get(ticket.number))!.status).toBe('routed');
  });

  it('lets branch staff see only their branch, accept by button, and logs every change', async () => {
    const { app, ticket, staff } = await withTicket();
    expect(render(await staff('staff-phu-yen', `/xem ${ticket.number}`))).toContain(`Không có yêu cầu số ${ticket.number}`);
    expect(render(await staff('staff-phu-yen', '/ds'))).toBe('Không có yêu cầu nào.');
    expect(render(await staff('staff-bac-yen', '/ds'))).toContain(ticket.number);
    const accepted = render(await staff('staff-bac-yen', 'Nhận', { choice: `desk:accept:${ticket.number}` }));
    expect(accepted).toBe(`Đã xong: ${ticket.number} → đã nhận.`);
    await staff('staff-bac-yen', `/ghichu ${ticket.number} Đã gọi, hẹn thứ Hai`);
    await staff('staff-bac-yen', `/trangthai ${ticket.number} in_progress`);
    await staff('staff-bac-yen', `/dien ${ticket.number} co giấy cận nghèo hợp lệ`);
    const events = await app.intake.tickets.events(ticket.number);
    expect(events.map((e) => [e.actor, e.action, e.from, e.to])).toEqual([
      ['citizen:zalo', 'create', null, 'new'],
      ['system', 'route', 'new', 'routed'],
      ['console:staff-bac-yen', 'status', 'routed', 'accepted'],
      ['console:staff-bac-yen', 'note', 'accepted', 'accepted'],
      ['console:staff-bac-yen', 'status', 'accepted', 'in_progress'],
      ['console:staff-bac-yen', 'eligibility_ok', 'in_progress', 'in_progress'],
    ]);
    expect(events.every((e) => /^\d{4}-\d{2}-\d{2}T/u.test(e.at))).toBe(true);
    const detail = render(await staff('staff-centre', `/xem ${ticket.number}`));
    expect(detail).toContain('Lò Văn Páo');
    expect(detail).toContain('đã kiểm tra giấy tờ: đủ');
  });

  it('answers staff commands only in a staff chat or the member’s private chat, never in another group', async () => {
    const { ticket, staff } = await withTicket();
    const elsewhere = await staff('staff-centre', `/xem ${ticket.number}`, { chatId: 'some-family-group', chatType: 'group' });
    expect(elsewhere[0]!.text).toContain('chỉ dùng trong nhóm cán bộ');
    expect(elsewhere[0]!.text).not.toContain('Lò Văn');
    const privately = await staff('staff-centre', `/xem ${ticket.number}`);
    expect(privately[0]!.text).toContain(ticket.number);
  });

  it('refuses a change the status does not allow, in one line', async () => {
    const { ticket, staff } = await withTicket();
    expect(render(await staff('staff-centre', `/trangthai ${ticket.number} done`))).toBe(
      `Yêu cầu ${ticket.number} đang ở trạng thái "đã chuyển chi nhánh", không chuyển sang "xong" được`,
    );
    expect(render(await staff('staff-centre', '/tuchoi'))).toContain('Cách dùng: /tuchoi SỐ lý do');
  });

  it('delivers a staff reply and status changes to the citizen on their own channel', async () => {
    const { app, ticket, staff } = await withTicket();
    await staff('staff-bac-yen', `/traloi ${ticket.number} Chào bác, mai cán bộ gọi lại ạ`);
    await staff('staff-bac-yen', `/tuchoi ${ticket.number} Việc đã được Trung tâm khác giải quyết`);
    const toCitizen = (await app.intake.outbox.pending()).filter((m) => m.chatId === 'citizen-chat');
    expect(toCitizen.map((m) => m.channel)).toEqual(['zalo', 'zalo']);
    expect(toCitizen[0]!.text).toContain('Chào bác, mai cán bộ gọi lại ạ');
    // Citizens keep their own wording of statuses.
    expect(toCitizen[1]!.text).toContain('bị từ chối. Lý do: Việc đã được Trung tâm khác giải quyết');
  });

  it('returns a ticket to the centre and lets the centre re-route it', async () => {
    const { app, ticket, staff } = await withTicket();
    expect(render(await staff('staff-bac-yen', `/tra ${ticket.number} không thuộc địa bàn`))).toBe(`Đã xong: ${ticket.number} → đã phân loại.`);
    expect(render(await staff('staff-bac-yen', `/chuyen ${ticket.number} cn-phu-yen`))).toContain('Chỉ cán bộ Trung tâm mới chuyển');
    expect(render(await staff('staff-centre', `/chuyen ${ticket.number} cn-phu-yen`))).toBe(`Đã xong: ${ticket.number} → đã chuyển chi nhánh.`);
    expect((await app.intake.tickets.get(ticket.number))!.branchId).toBe('cn-phu-yen');
  });

  it('reminds the branch, then tells the centre, when a routed ticket is not accepted in time', async () => {
    const { app, ticket } = await withTicket();
    const hour = 3_600_000;
    app.clock.advance(3 * hour);
    expect(await app.intake.desk.tick()).toEqual({ reminded: [], escalated: [] });
    app.clock.advance(1.5 * hour);
    expect(await app.intake.desk.tick()).toEqual({ reminded: [ticket.number], escalated: [] });
    expect(await app.intake.desk.tick()).toEqual({ reminded: [], escalated: [] });
    app.clock.advance(20 * hour);
    expect(await app.intake.desk.tick()).toEqual({ reminded: [], escalated: [ticket.number] });
    const messages = await app.intake.outbox.pending();
    expect(messages.some((m) => m.chatId === 'staff-bac-yen' && m.text.startsWith('⏰ Nhắc'))).toBe(true);
    expect(messages.some((m) => m.chatId === 'staff-centre' && m.text.includes('chưa được nhận sau 24 giờ'))).toBe(true);
    expect((await app.intake.tickets.events(ticket.number)).map((e) => e.action)).toEqual(['create', 'route', 'remind', 'escalate']);
  });
});

describe('ticket cards answered by typing, as by pressing', () => {
  it('shows the card with numbered choices and takes a typed "1" in the branch chat (console)', async () => {
    const { app, ticket, staff } = await withTicket();
    const card = (await app.intake.outbox.pending()).find((m) => m.chatId === 'staff-bac-yen')!;
    expect(render([card])).toMatch(/Chọn \(gõ số.*\):\n1\. Nhận\n2\. Trả về Trung tâm\n3\. Từ chối$/u);
    expect(render(await staff('staff-bac-yen', '1'))).toBe(`Đã xong: ${ticket.number} → đã nhận.`);
    expect((await app.intake.tickets.get(ticket.number))!.status).toBe('accepted');
    // Nothing waits any more: a number is not mistaken for another ticket.
    expect(render(await staff('staff-bac-yen', '1'))).toContain('Ở đây không có yêu cầu nào đang chờ nhận');
  });

  it('takes the choices\' words, with or without diacritics, and "3" asks for the reason', async () => {
    const { ticket, staff } = await withTicket();
    expect(render(await staff('staff-bac-yen', '3'))).toBe(`Gõ /tuchoi ${ticket.number} <lý do> để từ chối, lý do sẽ được báo cho người dân.`);
    expect(render(await staff('staff-bac-yen', 'tu choi'))).toContain(`/tuchoi ${ticket.number}`);
    expect(render(await staff('staff-bac-yen', 'tra ve'))).toBe(`Đã xong: ${ticket.number} → đã phân loại.`);
    const again = await withTicket();
    expect(render(await again.staff('staff-bac-yen', 'Nhận'))).toBe(`Đã xong: ${again.ticket.number} → đã nhận.`);
  });

  it('acts on the newest waiting card, says which others wait, and takes "1 SỐ" / "nhận SỐ" for a given one', async () => {
    const { app, staff } = await withTicket();
    await app.intake.desk.file({ ...DRAFT, description: 'Tranh chấp thừa kế' }, ORIGIN);
    await app.intake.desk.file({ ...DRAFT, description: 'Bị nợ lương' }, ORIGIN);
    const first = render(await staff('staff-bac-yen', '1'));
    expect(first).toContain('Đã xong: TG-2026-000003 → đã nhận.');
    expect(first).toContain('Còn yêu cầu khác đang chờ: TG-2026-000002, TG-2026-000001.');
    expect(render(await staff('staff-bac-yen', '1 TG-2026-000001'))).toBe('Đã xong: TG-2026-000001 → đã nhận.');
    expect(render(await staff('staff-bac-yen', 'nhận 2'))).toBe('Đã xong: TG-2026-000002 → đã nhận.');
    expect(render(await staff('staff-bac-yen', '7'))).toContain('không có yêu cầu nào đang chờ');
  });

  it('works the same in a Zalo staff group, and leaves staff chatter and citizens\' numbers alone', async () => {
    const app = await testApp(testConfig(tempDir(), { DIRECTORY_FILE: zaloGroupDirectory() }));
    const ticket = await app.intake.desk.file(DRAFT, ORIGIN);
    const inGroup = (text: string, userId = 'z-an') => app.assistant.handle(incoming(text, { channel: 'zalo', chatId: 'g-bac-yen', userId, chatType: 'group' }));
    expect(render(await inGroup('2', 'someone-else'))).toBe('Lệnh này chỉ dành cho cán bộ trợ giúp pháp lý.');
    expect(render(await inGroup('2'))).toBe(`Đã xong: ${ticket.number} → đã phân loại.`);
    expect((await app.intake.tickets.get(ticket.number))!.status).toBe('triaged');
    expect((await app.intake.tickets.events(ticket.number)).at(-1)!.actor).toBe('zalo:z-an');
    // A citizen's "1" still opens the first menu item.
    const citizen = render(await app.assistant.handle(incoming('1', { channel: 'zalo', chatId: 'c9', userId: 'c9' })));
    expect(citizen).not.toContain('Đã xong');
    // What a channel reading only commands in staff groups should also let through.
    for (const text of ['1', '2', '3', 'Nhận', 'nhan', 'Trả về', 'tra ve trung tam', 'Từ chối', 'nhận 3', '1 TG-2026-000001', '2 tg2026-1']) {
      expect(looksLikeDeskAnswer(text), text).toBe(true);
    }
    for (const text of ['1 người gọi rồi', 'nhận được rồi nhé', 'ok', '12', 'trả về đâu?', '']) {
      expect(looksLikeDeskAnswer(text), text).toBe(false);
    }
  });
});

describe('ticket numbers typed short', () => {
  it('accepts "3", "000003", "tg2026-3", lower case and spaces wherever a number is taken', async () => {
    const { app, staff } = await withTicket();
    await app.intake.desk.file(DRAFT, ORIGIN);
    await app.intake.desk.file(DRAFT, ORIGIN);
    for (const typed of ['3', '000003', 'tg2026-3', 'tg-2026-000003', 'TG 2026 3', 'TG-2026-000003']) {
      expect(render(await staff('staff-centre', `/xem ${typed}`)), typed).toMatch(/^TG-2026-000003 — /u);
    }
    expect(render(await staff('staff-bac-yen', '/nhan 2'))).toBe('Đã xong: TG-2026-000002 → đã nhận.');
    expect(render(await staff('staff-bac-yen', '/ghichu tg2026-2 đã gọi lại'))).toBe('Đã ghi chú vào yêu cầu TG-2026-000002.');
    expect((await app.intake.tickets.events('TG-2026-000002')).at(-1)).toMatchObject({ action: 'note', note: 'đã gọi lại' });
    expect(render(await staff('staff-bac-yen', '/traloi 1 Mai cán bộ gọi ạ'))).toBe('Đã gửi trả lời cho người dân (yêu cầu TG-2026-000001).');
    expect(render(await staff('staff-centre', '/xem 9'))).toBe('Không có yêu cầu số 9 trong danh sách của bạn');
    expect(render(await staff('staff-centre', '/xem abc'))).toContain('"abc" không phải số yêu cầu');
  });

  it('reads a short number as this year\'s ticket, else the newest with that number', async () => {
    const { app, staff } = await withTicket();
    await app.intake.desk.file(DRAFT, ORIGIN); // TG-2026-000002
    app.clock.set(new Date('2027-01-05T03:00:00Z'));
    const next = await app.intake.desk.file(DRAFT, ORIGIN);
    expect(next.number).toBe('TG-2027-000001');
    expect(render(await staff('staff-centre', '/xem 1'))).toMatch(/^TG-2027-000001 — /u);
    expect(render(await staff('staff-centre', '/xem 2'))).toMatch(/^TG-2026-000002 — /u);
    expect(render(await staff('staff-centre', '/xem tg2026-1'))).toMatch(/^TG-2026-000001 — /u);
  });

  it('works in `tgpl tickets` too, with Vietnamese statuses and local times', async () => {
    const dir = tempDir();
    const app = await testApp(testConfig(dir));
    await withTicket(app);
    const run = async (...args: string[]) => {
      const stdout = new PassThrough();
      let out = '';
      stdout.on('data', (c: Buffer) => (out += c.toString()));
      const stdin = new PassThrough();
      stdin.end();
      const code = await ticketsCommand.run(args, { stdin, stdout, stderr: new PassThrough(), env: { DATA_DIR: dir, LOG_LEVEL: 'silent', LOG_FILE: '-', AUTO_INGEST: 'false' } });
      return { code, out: out.trim() };
    };
    expect((await run('status', '1', 'nhận')).out).toBe('TG-2026-000001 → đã nhận');
    expect((await run('status', '000001', 'dang', 'giup', 'đã gọi điện')).out).toBe('TG-2026-000001 → đang giúp');
    expect((await run('list', '--status', 'đang giúp')).out).toMatch(/^TG-2026-000001 {2}đang giúp /u);
    expect((await run('status', 'tg2026-1', 'xong')).out).toBe('TG-2026-000001 → xong');
    const show = (await run('show', 'TG 2026 1')).out;
    expect(show).toContain('Gửi lúc: 21/11/2026 10:00; trạng thái: xong; diện (khi gửi): thuộc diện (7.7c)');
    // The command line acts now (system clock); every time is local, never ISO.
    expect(show).toMatch(/\n {2}\d{2}\/\d{2}\/\d{4} \d{2}:\d{2} cán bộ \(dòng lệnh\): đổi trạng thái đang giúp → xong/u);
    expect(show).not.toMatch(/\d{4}-\d{2}-\d{2}T/u);
    await expect(run('status', '1', 'finished')).rejects.toThrow(/không hợp lệ \(cho phép: mới, đã phân loại, .*đã rút\)/u);
    expect(JSON.parse((await run('show', '1', '--json')).out).ticket.status).toBe('done');
  });
});

describe('who to call back', () => {
  it('shows the requester (name, relation, phone) when someone asked for another person, and no dangling "ĐT ,"', async () => {
    const dir = tempDir();
    const app = await testApp(testConfig(dir));
    const ticket = await app.intake.desk.file(
      { ...DRAFT, forWhom: 'other', fullName: 'Lò Thị Mai', phone: '', contact: 'call', requester: { name: 'Lò Văn Páo', relation: 'con', phone: '0987654321' } },
      ORIGIN,
    );
    const detail = render(await app.assistant.handle(incoming(`/xem ${ticket.number}`, { chatId: 'staff-centre', userId: 'staff-centre' })));
    expect(detail).toContain('ĐT không có; liên hệ: gọi điện');
    expect(detail).toContain('Người gửi thay: Lò Văn Páo (con); ĐT 0987654321');
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (c: Buffer) => (out += c.toString()));
    const stdin = new PassThrough();
    stdin.end();
    await ticketsCommand.run(['show', ticket.number], { stdin, stdout, stderr: new PassThrough(), env: { DATA_DIR: dir, LOG_LEVEL: 'silent', LOG_FILE: '-', AUTO_INGEST: 'false' } });
    expect(out).toContain('Người cần giúp: Lò Thị Mai, sinh 1958, ĐT không có,');
    expect(out).toContain('Người gửi thay: Lò Văn Páo (con), ĐT 0987654321');
    expect(out).toContain('Liên hệ: gọi điện');
  });
});

describe('statuses in Vietnamese', () => {
  it('shows Vietnamese names to staff and takes them typed with or without diacritics, or in English', async () => {
    const { app, ticket, staff } = await withTicket();
    await app.intake.desk.file({ ...DRAFT, eligibility: 'more_info' }, ORIGIN);
    expect(render(await staff('staff-bac-yen', '/ds'))).toBe(
      [`${ticket.number} | đã chuyển chi nhánh | Đất đai | Xã Bắc Yên`, 'TG-2026-000002 | đã chuyển chi nhánh | Đất đai | Xã Bắc Yên'].join('\n'),
    );
    expect(render(await staff('staff-bac-yen', '/ds da chuyen chi nhanh'))).toContain(ticket.number);
    expect(render(await staff('staff-bac-yen', '/ds routed'))).toContain(ticket.number);
    expect(render(await staff('staff-bac-yen', '/ds cần bổ sung'))).toBe('TG-2026-000002 | đã chuyển chi nhánh | Đất đai | Xã Bắc Yên');
    expect(render(await staff('staff-bac-yen', '/ds đã nhận'))).toBe('Không có yêu cầu nào.');
    expect(render(await staff('staff-bac-yen', '/ds bogus'))).toContain('Không có trạng thái "bogus". Các trạng thái: mới, đã phân loại, đã chuyển chi nhánh, đã nhận, đang giúp, xong, từ chối, không thuộc diện, đã rút.');
    expect(render(await staff('staff-bac-yen', '/nhan 1'))).toBe(`Đã xong: ${ticket.number} → đã nhận.`);
    expect(render(await staff('staff-bac-yen', '/trangthai 1 đang giúp đã gọi điện'))).toBe(`Đã xong: ${ticket.number} → đang giúp.`);
    expect((await app.intake.tickets.events(ticket.number)).at(-1)).toMatchObject({ to: 'in_progress', note: 'đã gọi điện' });
    expect(render(await staff('staff-bac-yen', '/trangthai 1 xong'))).toBe(`Đã xong: ${ticket.number} → xong.`);
    expect(render(await staff('staff-bac-yen', '/trangthai 2 khong thuoc dien'))).toBe('Đã xong: TG-2026-000002 → không thuộc diện.');
    expect(render(await staff('staff-bac-yen', '/trangthai 2 finished'))).toContain('Không có trạng thái "finished"');
    const detail = render(await staff('staff-centre', '/xem 2'));
    expect(detail).toContain('TG-2026-000002 — không thuộc diện');
    expect(detail).toContain('Diện (khi gửi): cần bổ sung');
    expect(detail).not.toMatch(/more_info|routed|not_eligible/u);
    expect(render(await staff('staff-centre', '/trogiup'))).toContain('Trạng thái: mới, đã phân loại, đã chuyển chi nhánh');
  });
});

describe('local time and the local year', () => {
  it('shows times in TIME_ZONE as dd/mm/yyyy HH:mm to staff and citizens', async () => {
    const { app, ticket, staff } = await withTicket();
    const urgent = await app.intake.desk.file({ ...DRAFT, deadline: '2026-11-24', urgent: true }, ORIGIN);
    app.clock.advance(30 * 60_000);
    await staff('staff-bac-yen', `/nhan ${ticket.number}`);
    const detail = render(await staff('staff-centre', `/xem ${ticket.number}`));
    expect(detail).toContain('Gửi lúc: 21/11/2026 10:00');
    expect(detail).toContain('  21/11/2026 10:00 hệ thống: chuyển mới → đã chuyển chi nhánh');
    expect(detail).toContain('(Chi nhánh Bắc Yên (mẫu): theo địa bàn)');
    expect(detail).toContain('  21/11/2026 10:30 Cán bộ Chi nhánh Bắc Yên (mẫu): đổi trạng thái đã chuyển chi nhánh → đã nhận');
    expect(detail).not.toMatch(/\d{4}-\d{2}-\d{2}/u);
    expect(render(await staff('staff-centre', `/xem ${urgent.number}`))).toContain('KHẨN (hạn 24/11/2026)');
    const card = (await app.intake.outbox.pending()).find((m) => m.text.includes(urgent.number) && m.chatId === 'staff-bac-yen')!;
    expect(card.text).toContain('KHẨN (hạn 24/11/2026)');
    app.clock.advance(5 * 3_600_000);
    await app.intake.desk.tick();
    const reminder = (await app.intake.outbox.pending()).find((m) => m.text.startsWith('⏰ Nhắc'))!;
    expect(reminder.text).toContain('lúc 21/11/2026 10:00');
    // The citizen's own look-up.
    const mine = render(await app.assistant.handle(incoming('tg2026-1', { channel: 'zalo', chatId: 'citizen-chat', userId: 'citizen' })));
    expect(mine).toContain('Yêu cầu TG-2026-000001');
    expect(mine).toContain('• Gửi lúc: 21/11/2026 10:00');
  });

  it('numbers a ticket by the local year: filed at 2026-12-31T18:00Z in Vietnam it is 2027\'s', async () => {
    const app = await testApp(testConfig(), new FakeClock(new Date('2026-12-31T18:00:00Z')));
    expect((await app.intake.desk.file(DRAFT, ORIGIN)).number).toBe('TG-2027-000001');
    expect(render(await app.assistant.handle(incoming('/xem 1', { chatId: 'staff-centre', userId: 'staff-centre' })))).toContain('Gửi lúc: 01/01/2027 01:00');
    const utc = await testApp(testConfig(tempDir(), { TIME_ZONE: 'UTC' }), new FakeClock(new Date('2026-12-31T18:00:00Z')));
    expect((await utc.intake.desk.file(DRAFT, ORIGIN)).number).toBe('TG-2026-000001');
  });
});

describe('handoff to a person', () => {
  const setup = async () => {
    const app = await testApp();
    const citizen = (text: string, extra = {}) => app.assistant.handle(incoming(text, { channel: 'zalo', chatId: 'c1', userId: 'c1', ...extra }));
    const staff = (text: string) => app.assistant.handle(incoming(text, { chatId: 'staff-centre', userId: 'staff-centre' }));
    const toStaff = async () => (await app.intake.outbox.pending()).filter((m) => m.chatId === 'staff-centre').map((m) => m.text);
    const toCitizen = async () => (await app.intake.outbox.pending()).filter((m) => m.chatId === 'c1').map((m) => m.text);
    return { app, citizen, staff, toStaff, toCitizen };
  };

  it('puts "gặp cán bộ" in the staff queue, keeps the bot quiet, and relays both ways until it ends', async () => {
    const { app, citizen, toStaff, toCitizen } = await setup();
    const opened = render(await citizen('gặp cán bộ'));
    expect(opened).toContain('Mình đã báo cán bộ trợ giúp pháp lý (mã H-1)');
    expect(await citizen('Tôi bị lấn đất, cần hỏi gấp')).toEqual([]);
    expect((await toStaff())[0]).toContain('Người dân cần gặp cán bộ: H-1');
    expect((await toStaff())[1]).toBe('[H-1] Người dân nhắn: Tôi bị lấn đất, cần hỏi gấp');

    expect(render(await app.assistant.handle(incoming('/tl H-1 Chào bạn, bạn ở xã nào?', { chatId: 'staff-bac-yen', userId: 'staff-bac-yen' })))).toContain('Chỉ cán bộ Trung tâm');
    expect(render(await app.assistant.handle(incoming('/tl H-1 Chào bạn, bạn ở xã nào?', { chatId: 'staff-centre', userId: 'staff-centre' })))).toContain('Đã gửi cho người dân (H-1)');
    expect(await toCitizen()).toEqual(['Đã chuyển tin nhắn cho cán bộ. Cán bộ sẽ trả lời bạn tại đây.', '💬 Cán bộ: Chào bạn, bạn ở xã nào?']);
    expect((await app.intake.outbox.pending()).find((m) => m.text.startsWith('💬'))!.channel).toBe('zalo');

    const ended = render(await citizen('kết thúc'));
    expect(ended).toContain('Đã kết thúc trao đổi với cán bộ');
    expect(render(await citizen('6'))).toContain('miễn phí');
  });

  it('opens with what happens now and how to end, without the menu after it', async () => {
    const { citizen } = await setup();
    const replies = await citizen('gặp cán bộ');
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toContain('Từ bây giờ trợ lý tự động tạm dừng');
    expect(replies[0]!.text).toContain('gõ "kết thúc"');
    expect(replies[0]!.text).toContain('1800.1233');
    expect(replies[0]!.choices).toEqual([
      { id: 'handoff:continue', label: 'Nhắn cho cán bộ' },
      { id: 'handoff:end', label: 'Kết thúc, quay lại trợ lý tự động' },
    ]);
    expect(render(replies)).not.toContain('Hỏi đáp pháp luật');
  });

  it('takes a "2" typed right after as the answer to its question, not as a message for staff', async () => {
    const { citizen, toStaff } = await setup();
    await citizen('gặp cán bộ');
    const back = render(await citizen('2'));
    expect(back).toContain('Đã kết thúc trao đổi với cán bộ');
    expect(back).toContain('Hỏi đáp pháp luật');
    expect(await toStaff()).toEqual([
      '🙋 Người dân cần gặp cán bộ: H-1 (zalo). Trả lời: /tl H-1 nội dung — kết thúc: /kt H-1',
      '[H-1] Người dân đã kết thúc trao đổi.',
    ]);
  });

  it('answers "1", a button, or another number itself; once the person has written, numbers are relayed', async () => {
    const { citizen, toStaff, toCitizen } = await setup();
    await citizen('gặp cán bộ');
    expect(await citizen('5')).toEqual([]);
    expect(await citizen('1')).toEqual([]);
    expect(await toCitizen()).toEqual([
      'Bạn gõ 1 để nhắn cho cán bộ, hoặc 2 (hay "kết thúc") để quay lại trợ lý tự động.',
      'Bạn cứ nhắn việc cần hỏi, cán bộ sẽ đọc và trả lời tại đây. Gõ "kết thúc" để quay lại trợ lý tự động.',
    ]);
    await citizen('Nhà tôi có 2 con');
    await citizen('2');
    expect((await toStaff()).slice(1)).toEqual(['[H-1] Người dân nhắn: Nhà tôi có 2 con', '[H-1] Người dân nhắn: 2']);
    // The end button works at any time.
    expect(render(await citizen('handoff:end', { choice: 'handoff:end' }))).toContain('Đã kết thúc trao đổi với cán bộ');
  });

  it('acknowledges a burst once, then again after the interval', async () => {
    const { app, citizen, toCitizen } = await setup();
    await citizen('gặp cán bộ');
    for (const text of ['Cho tôi hỏi', 'về việc đất đai', 'nhà hàng xóm lấn sang']) await citizen(text);
    expect(await toCitizen()).toEqual(['Đã chuyển tin nhắn cho cán bộ. Cán bộ sẽ trả lời bạn tại đây.']);
    app.clock.advance((handoffPacing.ackEveryMinutes - 1) * 60_000);
    await citizen('còn nữa');
    expect(await toCitizen()).toHaveLength(1);
    app.clock.advance(60_000);
    await citizen('bạn ơi');
    expect(await toCitizen()).toHaveLength(2);
  });

  it('stops relaying past the cap, says kindly staff have the messages, and starts again when staff answer', async () => {
    const { app, citizen, staff, toStaff, toCitizen } = await setup();
    await citizen('gặp cán bộ');
    const cap = handoffPacing.maxUnansweredMessages;
    for (let i = 1; i <= cap + 3; i++) await citizen(`tin số ${i}`);
    const relayed = (await toStaff()).filter((t) => t.startsWith('[H-1] Người dân nhắn'));
    expect(relayed).toHaveLength(cap);
    expect((await toStaff()).filter((t) => t.includes('chưa được trả lời'))).toEqual([
      `[H-1] Người dân đã nhắn ${cap} tin chưa được trả lời; tin sau đó không chuyển vào nhóm. Trả lời: /tl H-1 nội dung`,
    ]);
    const capped = (await toCitizen()).filter((t) => t.startsWith('Cán bộ đã nhận được'));
    expect(capped).toEqual(['Cán bộ đã nhận được các tin nhắn của bạn và sẽ trả lời sớm, bạn chờ một chút nhé.\nViệc gấp, bạn gọi tổng đài miễn phí 1800.1233 (8:00–17:00, thứ Hai đến thứ Sáu).']);
    await staff('/tl 1 Chào bạn, cán bộ đây');
    await citizen('Dạ em cảm ơn');
    expect((await toStaff()).at(-1)).toBe('[H-1] Người dân nhắn: Dạ em cảm ơn');
  });

  it('lists open handoffs with local time and why, and goes back to the menu after staff end it', async () => {
    const { app, citizen, staff } = await setup();
    await citizen('gặp cán bộ');
    expect(render(await staff('/hd'))).toBe('H-1 — zalo, từ 21/11/2026 10:00 (gặp cán bộ)');
    expect(render(await staff('/kt H-1'))).toBe('Đã kết thúc trao đổi H-1.');
    expect((await app.intake.outbox.pending()).at(-1)!.text).toContain('Cán bộ đã kết thúc trao đổi');
    // The next message is read by the menu, not taken as a new request for staff.
    expect(render(await citizen('6'))).toContain('miễn phí');
    expect(await app.intake.handoffs.openList()).toEqual([]);
  });

  it('records that the person accepted having staff answer a question', async () => {
    const { app, toStaff } = await setup();
    const msg = incoming('Thừa kế đất khi không có di chúc?', { channel: 'zalo', chatId: 'c2', userId: 'c2' });
    const { handoffs, outbox, directory } = app.intake;
    const relay = new HandoffRelay({ handoffs, outbox, directory, clock: app.clock });
    await relay.queueQuestion(msg, msg.text);
    expect((await app.intake.handoffs.active('zalo', 'c2'))!.reason).toBe('câu hỏi chưa chắc');
    await relay.queueQuestion(msg, msg.text, 'accepted');
    expect((await app.intake.handoffs.active('zalo', 'c2'))!.reason).toBe('câu hỏi, người dân muốn cán bộ trả lời');
    expect((await toStaff()).at(-1)).toBe('[H-1] Người dân muốn cán bộ trả lời câu hỏi này (trợ lý chưa chắc): Thừa kế đất khi không có di chúc?\nTrả lời: /tl H-1 nội dung');
    // It does not silence the bot.
    expect(render(await app.assistant.handle(incoming('6', { channel: 'zalo', chatId: 'c2', userId: 'c2' })))).toContain('miễn phí');
  });
});
