import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../lib/clock.ts';
import { incoming, runTgpl, SAMPLE_DRAFT as DRAFT, tempDir, testApp, testConfig } from '../../helpers.ts';


describe('tgpl retention', () => {
  it('prints what it would remove with --dry-run, removing nothing, then removes it', async () => {
    const dir = tempDir();
    // Data from long ago (the command runs on today's date).
    const app = await testApp(testConfig(dir), new FakeClock(new Date('2025-06-01T03:00:00Z')));
    const ticket = await app.intake.desk.file(DRAFT, { channel: 'zalo', chatId: 'c', userId: 'c' });
    await app.intake.desk.setStatus({ kind: 'operator' }, ticket.number, 'withdrawn', '');
    await app.assistant.handle(incoming('gửi yêu cầu'));
    await app.close();
    const tgpl = (...args: string[]) => runTgpl(args, { DATA_DIR: dir });
    const dry = await tgpl('retention', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(/^Xem trước \(chưa xóa gì\) lúc \d\d\/\d\d\/\d{4} \d\d:\d\d:\n/u);
    expect(dry.out).toContain('Sẽ xóa 1 cuộc trò chuyện không nhắn quá 30 ngày (kể cả bản nháp yêu cầu)');
    expect(dry.out).toContain('Sẽ ẩn danh 1 yêu cầu "đã rút" kết thúc quá 30 ngày');
    expect(dry.out).toContain('Sẽ ẩn danh 0 yêu cầu "xong" kết thúc quá 365 ngày');
    expect(JSON.parse((await tgpl('retention', '--json', '--dry-run')).out)).toMatchObject({ dryRun: true, idleConversations: 1, anonymisedTickets: { withdrawn: 1 } });
    const done = await tgpl('retention', '--json');
    expect(JSON.parse(done.out)).toMatchObject({ dryRun: false, idleConversations: 1, anonymisedTickets: { withdrawn: 1 } });
    expect(JSON.parse((await tgpl('retention', '--json', '--dry-run')).out)).toMatchObject({ idleConversations: 0, anonymisedTickets: { withdrawn: 0 } });
    const shown = JSON.parse((await tgpl('tickets', 'show', ticket.number, '--json')).out);
    expect(shown.ticket).toMatchObject({ fullName: '', phone: '', status: 'withdrawn', field: 'dat_dai' });
  });
});
