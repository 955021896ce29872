import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../lib/clock.ts';
import { ConsoleDriver, DEFAULT_NOW, incoming, render, testApp, testConfig } from '../../helpers.ts';

/** The answers of a whole request, in order, without diacritics (the field is guessed from the story). */
const PLAIN = [
  'gui yeu cau',
  'dong y',
  'cho chinh toi',
  'Lo Van Pao',
  '1958',
  '0912 345', // wrong phone, re-asked
  '0912.345.678',
  'xa Song Pe, huyen Bac Yen, Son La', // a pre-2025 address
  'ho can ngheo',
  'Hang xom lan dat nha toi tu nam ngoai, toi muon duoc giup lay lai dat',
  'co',
  '24/11/2026', // two working days away: urgent
  'goi dien',
];

describe('a request filed in the chat', () => {
  it('walks every question, re-asks a wrong phone, maps an old address, marks an urgent deadline, and files a routed ticket', async () => {
    const app = await testApp();
    const chat = await new ConsoleDriver(app).start();
    const outs: string[] = [];
    for (const line of PLAIN) outs.push(await chat.say(line));
    expect(outs[1]).toContain('Bạn gửi yêu cầu cho ai?');
    expect(outs[5]).toContain('Số điện thoại này chưa đúng');
    expect(outs[6]).toContain('sống ở đâu');
    expect(outs[7]).toContain('Mình ghi nhận: Xã Bắc Yên, Tỉnh Sơn La');
    const summary = outs.at(-1)!;
    expect(summary).toContain('• Họ tên người cần giúp: Lo Van Pao');
    expect(summary).toContain('• Điện thoại: 0912345678');
    expect(summary).toContain('• Lĩnh vực: Đất đai');
    expect(summary).toContain('Người cao tuổi');
    expect(summary).toContain('Việc gấp');
    const done = await chat.say('gui yeu cau');
    expect(done).toMatch(/Số yêu cầu của bạn: TG-2026-000001/u);
    expect(done).toContain('Chi nhánh Bắc Yên');
    await chat.end();

    const ticket = (await app.intake.tickets.get('TG-2026-000001'))!;
    expect(ticket).toMatchObject({
      status: 'routed',
      branchId: 'cn-bac-yen',
      communeCode: '03856',
      phone: '0912345678',
      field: 'dat_dai',
      deadline: '2026-11-24',
      urgent: true,
      eligibility: 'eligible (7.7c)',
    });
    const outbox = await app.intake.outbox.pending();
    expect(outbox.map((m) => m.chatId)).toEqual(['staff-bac-yen', 'staff-centre']);
    expect(outbox[0]!.text).toContain('KHẨN');
    expect(outbox[0]!.text).not.toContain('Lo Van Pao');
    expect(outbox[0]!.text).not.toContain('0912345678');
    expect(outbox[0]!.choices?.map((c) => c.id)).toEqual(['desk:accept:TG-2026-000001', 'desk:return:TG-2026-000001', 'desk:reject:TG-2026-000001']);
  });

  it('works the same with diacritics and lets "sửa" change an answer before sending', async () => {
    const app = await testApp();
    const chat = await new ConsoleDriver(app).start();
    const lines = ['Gửi yêu cầu', 'Đồng ý', 'Cho con gái tôi', 'Trần Văn Bình', 'Không có điện thoại, nhắn ở đây', 'Hà Thị Mai', '1990', '0987654321', 'Xã Tà Xùa, Sơn La', 'Hộ nghèo', 'Chồng nó bỏ đi, nó muốn ly hôn và nuôi con', 'Không có', 'Nhắn tin ở đây'];
    let summary = '';
    for (const line of lines) summary = await chat.say(line);
    expect(summary).toContain('• Người gửi yêu cầu: Trần Văn Bình');
    expect(summary).toContain('• Quan hệ với người cần giúp: Cha / mẹ');
    expect(await chat.say('sửa')).toContain('Bạn muốn sửa mục nào?');
    expect(await chat.say('Điện thoại')).toContain('Số điện thoại của người cần giúp');
    summary = await chat.say('0977 111 222');
    expect(summary).toContain('• Điện thoại: 0977111222');
    expect(summary).toContain('Người thuộc hộ nghèo');
    expect(await chat.say('gửi yêu cầu')).toContain('TG-2026-000001');
    await chat.end();
    expect((await app.intake.tickets.get('TG-2026-000001'))!).toMatchObject({
      forWhom: 'other',
      phone: '0977111222',
      field: 'hon_nhan_gia_dinh',
      urgent: false,
      contact: 'message',
      requester: { name: 'Trần Văn Bình', relation: 'Cha / mẹ', phone: null },
    });
  });

  it('asks which commune when a name is found in several places', async () => {
    const app = await testApp();
    const chat = await new ConsoleDriver(app).start();
    for (const line of PLAIN.slice(0, 7)) await chat.say(line);
    const out = await chat.say('xa Tan Phong');
    expect(out).toContain('Có nhiều nơi tên Tân Phong');
    expect(out).toContain('Xã Tân Phong, Tỉnh Sơn La');
    await chat.end();
  });

  it('loses nothing already answered when the assistant restarts in the middle', async () => {
    const config = testConfig();
    const first = await testApp(config);
    const chat = await new ConsoleDriver(first).start();
    for (const line of PLAIN.slice(0, 8)) await chat.say(line);
    await chat.end();
    await first.close();

    const second = await testApp(config, new FakeClock(DEFAULT_NOW));
    expect(render(await second.assistant.greet('console', 'tester'))).toContain('Người cần giúp thuộc trường hợp nào');
    const again = await new ConsoleDriver(second).start();
    let out = '';
    for (const line of PLAIN.slice(8)) out = await again.say(line);
    expect(out).toContain('• Họ tên người cần giúp: Lo Van Pao');
    expect(out).toContain('• Điện thoại: 0912345678');
    expect(out).toContain('Xã Bắc Yên');
    await again.end();
  });

  it('stops without keeping anything when consent is refused', async () => {
    const app = await testApp();
    await app.assistant.handle(incoming('gui yeu cau'));
    expect(render(await app.assistant.handle(incoming('khong dong y')))).toContain('chưa ghi thông tin nào');
    expect(await app.intake.tickets.list()).toEqual([]);
  });

  it('lets the citizen look up and withdraw their own request, and not others\'', async () => {
    const app = await testApp();
    const chat = await new ConsoleDriver(app).start();
    for (const line of [...PLAIN, 'gui']) await chat.say(line);
    const list = await chat.say('tra cuu');
    expect(list).toContain('TG-2026-000001 — Đất đai — đã chuyển đến nơi phụ trách');
    const detail = await chat.say('1');
    expect(detail).toContain('Nơi phụ trách: Chi nhánh Bắc Yên');
    expect(await chat.say('rut yeu cau')).toContain('Bạn chắc chắn muốn rút');
    expect(await chat.say('co')).toContain('Đã rút yêu cầu TG-2026-000001');
    await chat.end();
    expect((await app.intake.tickets.get('TG-2026-000001'))!.status).toBe('withdrawn');
    const stranger = render(await app.assistant.handle(incoming('TG-2026-000001', { chatId: 'other', userId: 'other' })));
    expect(stranger).toContain('không thấy yêu cầu số TG-2026-000001');
  });
});
