import { describe, expect, it } from 'vitest';
import type { TicketDraft } from '../../../intake/tickets/ticket.ts';
import { incoming, render, testAppOn } from '../../helpers.ts';
import { BACKENDS, type Backend } from '../../postgres.ts';

const DRAFT: TicketDraft = {
  forWhom: 'other', fullName: 'Lò Văn Páo', birthYear: 1950, phone: '0912345678', addressText: 'bản Pá Hốc, xã Song Pe, Sơn La',
  provinceCode: '14', communeCode: '03856', communeName: 'Xã Bắc Yên', facts: { household: 'poor' }, eligibility: 'eligible (7.2)',
  field: 'dat_dai', description: 'Hàng xóm lấn đất nhà bố tôi.', deadline: null, urgent: false, contact: 'call',
  requester: { name: 'Lò Thị Mai', relation: 'con', phone: '0987654321' },
};
const CITIZEN = { channel: 'zalo', chatId: 'mai-chat', userId: 'mai' };
const operator = { kind: 'operator', user: 'hoa' } as const;

async function setup(backend: Backend) {
  const app = await testAppOn(backend);
  const open = await app.intake.desk.file(DRAFT, CITIZEN);
  const closed = await app.intake.desk.file({ ...DRAFT, description: 'Việc cũ đã xong.' }, CITIZEN);
  await app.intake.desk.setStatus(operator, closed.number, 'accepted', '');
  await app.intake.desk.setStatus(operator, closed.number, 'done', 'đã tư vấn cho chị Mai');
  // The person also chatted: a conversation, a delivered reply.
  await app.assistant.handle(incoming('gửi yêu cầu', { ...CITIZEN }));
  await app.assistant.handle(incoming('đồng ý', { ...CITIZEN }));
  for (const m of await app.intake.outbox.pending()) await app.intake.outbox.markSent(m.id, app.clock.now());
  const staff = (userId: string, text: string) => app.assistant.handle(incoming(text, { chatId: userId, userId }));
  return { app, open, closed, staff };
}

describe.each(BACKENDS)("a person's data, for someone who calls the hotline (%s)", (backend) => {
  it('is found by any spelling of the person\'s or the requester\'s phone, or by a ticket number, within what staff may see', async () => {
    const { app, open, closed } = await setup(backend);
    for (const phone of ['0912345678', '0912 345 678', '+84 912.345.678', '84912345678', '0987-654-321']) {
      const person = await app.personal.byPhone(operator, phone);
      expect(person.tickets.map((t) => t.number), phone).toEqual([closed.number, open.number]);
      expect(person.chats).toEqual([{ channel: 'zalo', chatId: 'mai-chat' }]);
    }
    expect((await app.personal.byPhone(operator, '0911111111')).tickets).toEqual([]);
    expect((await app.personal.byTicket(operator, open.number)).tickets).toHaveLength(2);
    const phuYen = { kind: 'staff', member: app.intake.directory.staffMember('console', 'staff-phu-yen')! } as const;
    expect((await app.personal.byPhone(phuYen, '0912345678')).tickets).toEqual([]);
  });

  it('is shown and exported whole, each time recorded in the access log before it is read', async () => {
    const { app, open, closed } = await setup(backend);
    const person = await app.personal.byPhone(operator, '0912345678');
    const summary = await app.personal.describe(person, operator);
    expect(summary.tickets.map((t) => [t.ticket.number, t.open])).toEqual([[closed.number, false], [open.number, true]]);
    expect(summary.conversations).toEqual([expect.objectContaining({ channel: 'zalo', chatId: 'mai-chat', holdsAnswers: true })]);
    const exported = await app.personal.export(person, operator);
    expect(exported.tickets[0]!.ticket).toMatchObject({ fullName: 'Lò Văn Páo', requester: { name: 'Lò Thị Mai' } });
    expect(exported.tickets[0]!.events.map((e) => e.note)).toContain('đã tư vấn cho chị Mai');
    expect(exported.conversations[0]!.state.flow).toBe('intake');
    expect(exported.messages.length).toBeGreaterThan(0);
    const log = await app.intake.access.list();
    expect(log.map((e) => [e.actor, e.action, e.ticketNumber, e.via])).toEqual([
      ['cli:hoa', 'person_show', closed.number, 'cli'],
      ['cli:hoa', 'person_show', open.number, 'cli'],
      ['cli:hoa', 'person_export', closed.number, 'cli'],
      ['cli:hoa', 'person_export', open.number, 'cli'],
    ]);
  });

  it('is erased on request except an open case; on withdrawn consent the open case is withdrawn, staff told, and erased too', async () => {
    const { app, open, closed } = await setup(backend);
    const { tickets, outbox } = app.intake;
    const first = await app.personal.erase(await app.personal.byPhone(operator, '0912345678'), operator);
    expect(first).toMatchObject({ anonymised: [closed.number], withdrawn: [], keptOpen: [open.number], conversations: 1 });
    expect(first.messages).toBeGreaterThan(0);
    expect((await tickets.get(closed.number))!).toMatchObject({ fullName: '', phone: '', status: 'done', field: 'dat_dai' });
    expect((await tickets.get(open.number))!.fullName).toBe('Lò Văn Páo');
    expect(await outbox.keptFor('zalo', 'mai-chat')).toEqual([]);
    expect(await new (await import('../../../bot/conversation-store.ts')).ConversationStore(app.db, app.vault).load('zalo', 'mai-chat')).toBeUndefined();

    const second = await app.personal.erase(await app.personal.byPhone(operator, '0987654321'), operator, { withdrawConsent: true });
    expect(second).toMatchObject({ anonymised: [open.number], withdrawn: [open.number], keptOpen: [] });
    expect((await tickets.get(open.number))!).toMatchObject({ status: 'withdrawn', fullName: '', chatId: '' });
    const told = (await outbox.pending()).map((m) => m.text);
    expect(told.some((t) => t.includes(`Yêu cầu ${open.number} đã được người dân rút`))).toBe(true);
    expect(told.some((t) => t.includes('Lò Văn Páo') || t.includes('lấn đất'))).toBe(false);
    expect((await app.personal.byPhone(operator, '0912345678')).tickets).toEqual([]);
    expect((await app.intake.access.list()).filter((e) => e.action === 'person_delete').map((e) => e.ticketNumber)).toEqual([closed.number, open.number, open.number]);
  });
});

describe.each(BACKENDS)('the person commands in a staff chat (%s)', (backend) => {
  it('/tim finds by phone, /dulieu shows (phone masked), /xoadulieu asks to confirm then erases; centre staff only', async () => {
    const { app, open, closed, staff } = await setup(backend);
    expect(render(await staff('staff-bac-yen', '/tim 0912 345 678'))).toBe(
      [`${closed.number} | xong | Đất đai | Xã Bắc Yên`, `${open.number} | đã chuyển chi nhánh | Đất đai | Xã Bắc Yên`].join('\n'),
    );
    expect(render(await staff('staff-phu-yen', '/tim 0912345678'))).toBe('Không có yêu cầu nào có số điện thoại này (trong danh sách của bạn).');
    const shown = render(await staff('staff-bac-yen', '/dulieu 0987654321'));
    expect(shown).toContain(`${open.number} — đã chuyển chi nhánh (đang xử lý)`);
    expect(shown).toContain('Lò Văn Páo, sinh 1950, ĐT 091****678, Xã Bắc Yên; sự việc 28 ký tự; người gửi thay: Lò Thị Mai (con)');
    expect(shown).toContain('Cuộc trò chuyện zalo');
    expect(shown).not.toContain('0912345678');
    expect(render(await staff('staff-bac-yen', `/xoadulieu ${open.number}`))).toBe('Chỉ cán bộ Trung tâm xóa dữ liệu theo đề nghị của người dân.');
    const preview = render(await staff('staff-centre', '/xoadulieu 0912345678'));
    expect(preview).toContain('Gõ "/xoadulieu 0912345678 xacnhan" để xóa');
    expect(preview).toContain(`Yêu cầu đang xử lý được giữ lại: ${open.number}.`);
    expect((await app.intake.tickets.get(closed.number))!.fullName).toBe('Lò Văn Páo');
    expect(render(await staff('staff-centre', '/xoadulieu 0912345678 xacnhan'))).toMatch(
      new RegExp(`^Đã xóa: 1 cuộc trò chuyện, [1-9]\\d* tin nhắn đã gửi\\. Đã ẩn danh: ${closed.number}\\. Giữ lại vì đang xử lý: ${open.number}\\.$`, 'u'),
    );
    expect((await app.intake.tickets.get(closed.number))!.fullName).toBe('');
    const anonymised = render(await staff('staff-centre', `/xem ${closed.number}`));
    expect(anonymised).toMatch(new RegExp(`^${closed.number} — xong\\n`, 'u'));
    expect(anonymised).toContain('Đã ẩn danh lúc 21/11/2026 10:00: thông tin cá nhân đã xóa, chỉ còn số liệu thống kê.');
    expect(anonymised).toContain('lĩnh vực: Đất đai');
    expect(anonymised).toContain('ẩn danh (đã xóa thông tin cá nhân, giữ số liệu thống kê)');
    expect(anonymised).not.toMatch(/Páo|Mai|0912|lấn đất/u);
    const audit = (await app.intake.access.list()).map((e) => [e.actor, e.action]);
    expect(audit).toEqual(expect.arrayContaining([
      ['console:staff-bac-yen', 'search'], ['console:staff-bac-yen', 'person_show'], ['console:staff-centre', 'person_show'], ['console:staff-centre', 'person_delete'],
    ]));
  });
});
