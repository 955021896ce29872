import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../lib/clock.ts';
import { ConsoleDriver, DEFAULT_NOW, incoming, render, tempDir, testApp, testConfig } from '../../helpers.ts';

const AGE_Q = 'bao nhiêu tuổi';
const HOUSEHOLD_Q = 'hộ nghèo hoặc hộ cận nghèo';
const ALLOWANCE_Q = 'trợ cấp xã hội hàng tháng';

describe('eligibility check in the chat', () => {
  it.each(['2', 'kiem tra', 'Kiểm Tra', 'kiểm tr', 'kiem tar'])('starts with "%s" and asks the most decisive question', async (line) => {
    const app = await testApp();
    const chat = await new ConsoleDriver(app).start();
    const out = await chat.say(line);
    expect(out).toContain('Mình hỏi vài câu ngắn');
    expect(out).toContain(AGE_Q);
    await chat.end();
  });

  it('walks to a result with its clause, the papers, and the offer to file a request', async () => {
    const app = await testApp();
    const chat = await new ConsoleDriver(app).start();
    await chat.say('kiem tra');
    expect(await chat.say('75')).toContain(HOUSEHOLD_Q);
    const result = await chat.say('can ngheo');
    expect(result).toContain('thuộc diện được trợ giúp pháp lý miễn phí');
    expect(result).toContain('điểm c khoản 7 Điều 7');
    expect(result).toContain('Giấy chứng nhận hộ cận nghèo');
    expect(result).toContain('1. Gửi yêu cầu trợ giúp pháp lý');
    await chat.end();
  });

  it('"quay lại" returns to the question before, and the new answer counts', async () => {
    const app = await testApp();
    const chat = await new ConsoleDriver(app).start();
    await chat.say('kiem tra');
    await chat.say('70');
    expect(await chat.say('khong')).toContain(ALLOWANCE_Q);
    const back = await chat.say('quay lai');
    expect(back).toContain(HOUSEHOLD_Q);
    expect(await chat.say('2')).toContain('điểm c khoản 7 Điều 7');
    await chat.end();
  });

  it('"quay lại" from the first question goes back to the menu', async () => {
    const app = await testApp();
    const chat = await new ConsoleDriver(app).start();
    await chat.say('kiem tra');
    expect(await chat.say('quay lại')).toContain('1. Hỏi đáp pháp luật');
    await chat.end();
  });

  it('"hủy" mid-flow stops and shows the menu', async () => {
    const app = await testApp();
    const chat = await new ConsoleDriver(app).start();
    await chat.say('kiem tra');
    await chat.say('70');
    const out = await chat.say('hủy');
    expect(out).toContain('Đã dừng việc đang làm.');
    expect(out).toContain('1. Hỏi đáp pháp luật');
    expect(await chat.say('6')).toContain('miễn phí');
    await chat.end();
  });

  it('re-asks an answer it does not understand, keeping what was given', async () => {
    const app = await testApp();
    const chat = await new ConsoleDriver(app).start();
    await chat.say('kiem tra');
    expect(await chat.say('ko nho ro lam')).toContain('gõ số tuổi');
    expect(await chat.say('sinh năm 1950')).toContain(HOUSEHOLD_Q);
    expect(await chat.say('xyz')).toContain('chưa hiểu câu trả lời');
    expect(await chat.say('2')).toContain('điểm c khoản 7 Điều 7');
    await chat.end();
  });

  it('"không rõ" is not asked again and can end in "chưa đủ thông tin"', async () => {
    const app = await testApp();
    const chat = await new ConsoleDriver(app).start();
    await chat.say('kiem tra');
    let out = await chat.say('khong ro');
    const seen = new Set<string>();
    for (let i = 0; i < 20 && !out.includes('Bạn có muốn gửi yêu cầu'); i++) {
      const question = out.split('\n').find((l) => l.endsWith('?') || l.includes('?'))!;
      expect(seen.has(question)).toBe(false);
      seen.add(question);
      out = await chat.say('không rõ');
    }
    expect(out).toContain('Chưa đủ thông tin để kết luận');
    await chat.end();
  });

  it('a restart in the middle resumes from the SQLite file', async () => {
    const config = testConfig();
    const first = await testApp(config);
    const chat = await new ConsoleDriver(first).start();
    await chat.say('kiem tra');
    await chat.say('80');
    await chat.end();
    await first.close();

    const second = await testApp(config, new FakeClock(DEFAULT_NOW));
    const greeting = render(await second.assistant.greet('console', 'tester'));
    expect(greeting).toContain('Chào bạn quay lại');
    expect(greeting).toContain(HOUSEHOLD_Q);
    const again = await new ConsoleDriver(second).start();
    const out = await again.say('1');
    expect(out).toContain('khoản 2 Điều 7');
    await again.end();
  });

  it('picks up facts typed at the menu and starts the check with them', async () => {
    const app = await testApp();
    const replies = render(await app.assistant.handle(incoming('nha toi ho ngheo')));
    expect(replies).toContain('Mình hiểu là: thuộc hộ nghèo');
    expect(replies).toContain('khoản 2 Điều 7');
    expect(replies).toContain('Giấy chứng nhận hộ nghèo');
  });

  it('picks up facts said in answers', async () => {
    const app = await testApp();
    const chat = await new ConsoleDriver(app).start();
    const start = await chat.say('tôi là người dân tộc Mông, 40 tuổi');
    expect(start).toContain('Mình hiểu là: 40 tuổi, là người dân tộc thiểu số');
    expect(start).toContain('vùng đặc biệt khó khăn');
    expect(await chat.say('co')).toContain('khoản 4 Điều 7');
    await chat.end();
  });

  it('follows the date: a trafficking victim without financial difficulty', async () => {
    for (const [now, expected] of [
      ['2025-06-20T03:00:00Z', 'chỉ áp dụng từ ngày 01/07/2025'],
      ['2025-07-02T03:00:00Z', 'khoản 6a Điều 7'],
    ] as const) {
      const app = await testApp(testConfig(), new FakeClock(new Date(now)));
      let out = render(await app.assistant.handle(incoming('tôi bị lừa bán sang trung quốc')));
      for (let i = 0; i < 15 && !out.includes('Bạn có muốn gửi') && !out.includes('tổng đài miễn phí'); i++) {
        out = render(await app.assistant.handle(incoming(out.includes('bao nhiêu tuổi') ? '30' : out.includes(HOUSEHOLD_Q) ? 'không' : 'không')));
      }
      expect(out).toContain(expected);
    }
  });

  it('answers the area question from the centre\'s list of disadvantaged communes', async () => {
    const dir = tempDir();
    const csv = join(dir, 'areas.csv');
    writeFileSync(csv, 'commune_code,commune_name,province,village,source\n,Xã Bắc Yên,Sơn La,,QĐ 60/QĐ-BDTTG\n');
    const app = await testApp(testConfig(dir, { DISADVANTAGED_AREAS_FILE: csv }));
    const chat = await new ConsoleDriver(app).start();
    const out = await chat.say('toi la nguoi dan toc Thai, 35 tuoi');
    expect(out).toContain('sống ở xã (phường) nào');
    const result = await chat.say('xa bac yen');
    expect(result).toContain('có trong danh sách vùng đặc biệt khó khăn (QĐ 60/QĐ-BDTTG)');
    expect(result).toContain('khoản 4 Điều 7');
    await chat.end();
  });

  it('hands "gửi yêu cầu" on to the request form with the facts, which then skips the eligibility question', async () => {
    const app = await testApp();
    await app.assistant.handle(incoming('nha toi ho ngheo'));
    const consent = render(await app.assistant.handle(incoming('1')));
    expect(consent).toContain('Bạn có đồng ý không?');
    const data = (await app.db.get<{ state: string }>("SELECT state FROM conversations WHERE chat_id = 'u1'"))!;
    expect(JSON.parse(data.state).data.carriedFacts).toEqual({ household: 'poor' });
  });
});
