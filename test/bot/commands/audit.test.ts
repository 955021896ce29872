import { describe, expect, it } from 'vitest';
import { incoming, runTgpl, SAMPLE_DRAFT as DRAFT, tempDir, testApp, testConfig } from '../../helpers.ts';


describe('tgpl audit', () => {
  it('lists every staff read of personal data — who, when, which ticket, what — by ticket or date, and holds no personal data', async () => {
    const dir = tempDir();
    const app = await testApp(testConfig(dir));
    const a = await app.intake.desk.file(DRAFT, { channel: 'zalo', chatId: 'c', userId: 'c' });
    const b = await app.intake.desk.file(DRAFT, { channel: 'zalo', chatId: 'd', userId: 'd' });
    const staff = (userId: string, text: string) => app.assistant.handle(incoming(text, { chatId: userId, userId }));
    await staff('staff-bac-yen', `/xem ${a.number}`);
    await staff('staff-centre', `/xem ${b.number}`);
    // Lists and changes that show no personal data are not reads.
    await staff('staff-bac-yen', '/ds');
    await staff('staff-bac-yen', `/nhan ${a.number}`);
    await app.close();
    const tgpl = (...args: string[]) => runTgpl(args, { DATA_DIR: dir });
    expect((await tgpl('tickets', 'show', a.number)).code).toBe(0);
    await tgpl('tickets', 'list');
    await tgpl('tickets', 'list', '--json');
    await tgpl('tickets', 'list', '--phone', '0912 345 678');

    const all = await tgpl('audit');
    expect(all.code).toBe(0);
    const lines = all.out.trim().split('\n');
    expect(lines).toHaveLength(7);
    expect(lines[0]).toMatch(new RegExp(`^21/11/2026 10:00 {2}Cán bộ Chi nhánh Bắc Yên \\(mẫu\\) {2}xem chi tiết yêu cầu {2}${a.number} {2}\\(console\\)$`, 'u'));
    expect(lines[1]).toMatch(new RegExp(`^21/11/2026 10:00 {2}Cán bộ Trung tâm \\(mẫu\\) {2}xem chi tiết yêu cầu {2}${b.number} {2}\\(console\\)$`, 'u'));
    expect(lines[2]).toMatch(new RegExp(`^\\d\\d/\\d\\d/\\d{4} \\d\\d:\\d\\d {2}cán bộ \\(dòng lệnh\\) \\S+ {2}xem chi tiết yêu cầu {2}${a.number} {2}\\(cli\\)$`, 'u'));
    expect(lines.slice(3, 5).every((l) => l.includes('in danh sách kèm thông tin cá nhân'))).toBe(true);
    expect(lines.slice(5).every((l) => l.includes('tìm theo số điện thoại'))).toBe(true);
    expect(all.out).not.toMatch(/Páo|0912|Song Pe/u);
    const onlyB = await tgpl('audit', '--ticket', b.number, '--json');
    expect(onlyB.out.trim().split('\n').map((l) => JSON.parse(l).action)).toEqual(['view', 'list', 'search']);
    expect((await tgpl('audit', '--since', '2099-01-01')).out).toContain('Nhật ký trống');
    expect((await tgpl('audit', '--since', '2026-11-21')).out.trim().split('\n')).toHaveLength(7);
    const wrong = await tgpl('audit', '--since', 'hôm qua');
    expect(wrong).toMatchObject({ code: 2, err: 'tgpl audit: --since "hôm qua" không phải ngày YYYY-MM-DD\n' });
  });
});
