import { describe, expect, it } from 'vitest';
import type { TicketDraft } from '../../intake/tickets/ticket.ts';
import { incoming, render, testApp } from '../helpers.ts';

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

async function withTicket() {
  const app = await testApp();
  const ticket = await app.intake.desk.file(DRAFT, { channel: 'zalo', chatId: 'citizen-chat', userId: 'citizen' });
  const staff = (userId: string, text: string, extra = {}) => app.assistant.handle(incoming(text, { chatId: userId, userId, ...extra }));
  return { app, ticket, staff };
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
    expect(accepted).toContain('đã được nhận');
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

  it('refuses a change the status does not allow, in one line', async () => {
    const { ticket, staff } = await withTicket();
    expect(render(await staff('staff-centre', `/trangthai ${ticket.number} done`))).toContain('không chuyển sang "done" được');
    expect(render(await staff('staff-centre', '/tuchoi'))).toContain('Cách dùng: /tuchoi SỐ lý do');
  });

  it('delivers a staff reply and status changes to the citizen on their own channel', async () => {
    const { app, ticket, staff } = await withTicket();
    await staff('staff-bac-yen', `/traloi ${ticket.number} Chào bác, mai cán bộ gọi lại ạ`);
    await staff('staff-bac-yen', `/tuchoi ${ticket.number} Việc đã được Trung tâm khác giải quyết`);
    const toCitizen = (await app.intake.outbox.pending()).filter((m) => m.chatId === 'citizen-chat');
    expect(toCitizen.map((m) => m.channel)).toEqual(['zalo', 'zalo']);
    expect(toCitizen[0]!.text).toContain('Chào bác, mai cán bộ gọi lại ạ');
    expect(toCitizen[1]!.text).toContain('bị từ chối. Lý do: Việc đã được Trung tâm khác giải quyết');
  });

  it('returns a ticket to the centre and lets the centre re-route it', async () => {
    const { app, ticket, staff } = await withTicket();
    expect(render(await staff('staff-bac-yen', `/tra ${ticket.number} không thuộc địa bàn`))).toContain('đang được Trung tâm xem xét');
    expect(render(await staff('staff-bac-yen', `/chuyen ${ticket.number} cn-phu-yen`))).toContain('Chỉ cán bộ Trung tâm mới chuyển');
    expect(render(await staff('staff-centre', `/chuyen ${ticket.number} cn-phu-yen`))).toContain('đã chuyển đến nơi phụ trách');
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

describe('handoff to a person', () => {
  it('puts "gặp cán bộ" in the staff queue, keeps the bot quiet, and relays both ways until it ends', async () => {
    const app = await testApp();
    const citizen = (text: string) => app.assistant.handle(incoming(text, { channel: 'zalo', chatId: 'c1', userId: 'c1' }));
    const opened = render(await citizen('gặp cán bộ'));
    expect(opened).toContain('Mình đã báo cán bộ trợ giúp pháp lý (mã H-1)');
    expect(await citizen('Tôi bị lấn đất, cần hỏi gấp')).toEqual([]);
    const toStaff = (await app.intake.outbox.pending()).filter((m) => m.chatId === 'staff-centre').map((m) => m.text);
    expect(toStaff[0]).toContain('Người dân cần gặp cán bộ: H-1');
    expect(toStaff[1]).toBe('[H-1] Người dân nhắn: Tôi bị lấn đất, cần hỏi gấp');

    expect(render(await app.assistant.handle(incoming('/tl H-1 Chào bạn, bạn ở xã nào?', { chatId: 'staff-bac-yen', userId: 'staff-bac-yen' })))).toContain('Chỉ cán bộ Trung tâm');
    expect(render(await app.assistant.handle(incoming('/tl H-1 Chào bạn, bạn ở xã nào?', { chatId: 'staff-centre', userId: 'staff-centre' })))).toContain('Đã gửi cho người dân (H-1)');
    const toCitizen = (await app.intake.outbox.pending()).filter((m) => m.chatId === 'c1');
    expect(toCitizen[0]).toMatchObject({ channel: 'zalo', text: '💬 Cán bộ: Chào bạn, bạn ở xã nào?' });

    const ended = render(await citizen('kết thúc'));
    expect(ended).toContain('Đã kết thúc trao đổi với cán bộ');
    expect(render(await citizen('6'))).toContain('miễn phí');
  });
});
