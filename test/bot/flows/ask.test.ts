import { describe, expect, it } from 'vitest';
import { FIXTURE } from '../../knowledge/helpers.ts';
import { ConsoleDriver, incoming, render, testApp, testConfig, tempDir } from '../../helpers.ts';

/** An app whose knowledge base indexes the fixture corpus at start. */
function knowledgeApp() {
  return testApp(testConfig(tempDir(), { KNOWLEDGE_DIRS: FIXTURE, AUTO_INGEST: 'true' }));
}

describe('"Hỏi đáp pháp luật" in the chat', () => {
  it('asks for a question, answers with its citation, and keeps answering follow-ups', async () => {
    const app = await knowledgeApp();
    const chat = await new ConsoleDriver(app).start();
    expect(await chat.say('hoi dap')).toContain('Bạn cứ hỏi ngắn gọn');
    const first = await chat.say('tro giup phap ly co mat tien khong');
    expect(first).toContain('Không mất tiền');
    expect(first).toContain('Căn cứ: Điều 2 Luật Trợ giúp pháp lý 2017');
    expect(first).toContain('1. Gặp cán bộ / đường dây nóng');
    const second = await chat.say('Điều kiện khó khăn về tài chính là gì?');
    expect(second).toContain('Theo Điều 2 Nghị định 144/2017/NĐ-CP');
    await chat.end();
  });

  it('takes a question typed at the menu', async () => {
    const app = await knowledgeApp();
    const out = render(await app.assistant.handle(incoming('Bị từ chối trợ giúp pháp lý thì khiếu nại ở đâu?')));
    expect(out).toContain('Giám đốc Sở Tư pháp');
  });

  it('offers a person when it is not sure', async () => {
    const app = await knowledgeApp();
    const chat = await new ConsoleDriver(app).start();
    await chat.say('1');
    const out = await chat.say('mua bảo hiểm xe máy online ở đâu rẻ nhất');
    expect(out).toContain('chưa chắc');
    expect(out).toContain('chuyển câu hỏi cho cán bộ');
    // Nothing goes to staff until the person accepts the offer.
    expect(await app.intake.outbox.pending()).toEqual([]);
    expect(await chat.say('1')).toContain('Mình đã chuyển câu hỏi cho cán bộ');
    expect((await app.intake.outbox.pending()).length).toBeGreaterThan(0);
    await chat.end();
  });

  it('answers business questions politely', async () => {
    const app = await knowledgeApp();
    const out = render(await app.assistant.handle(incoming('tôi muốn thành lập công ty')));
    expect(out).toContain('kinh doanh, thương mại');
  });
});

describe('leaving "Hỏi đáp" and questions too short to answer', () => {
  it('opens a menu item typed on its own instead of searching for it', async () => {
    const app = await knowledgeApp();
    const chat = await new ConsoleDriver(app).start();
    await chat.say('hoi dap');
    expect(await chat.say('kiem tra')).toContain('bao nhiêu tuổi');
    await chat.end();
  });

  it('still answers a question that merely contains a menu word', async () => {
    const app = await knowledgeApp();
    const chat = await new ConsoleDriver(app).start();
    await chat.say('hoi dap');
    expect(await chat.say('khiếu nại trợ giúp pháp lý ở đâu?')).toContain('Giám đốc Sở Tư pháp');
    await chat.end();
  });

  it.each(['72', 'khong ro'])('says it is not sure for %j instead of quoting a passage', async (text) => {
    const app = await knowledgeApp();
    const chat = await new ConsoleDriver(app).start();
    await chat.say('hoi dap');
    const out = await chat.say(text);
    expect(out).toContain('chưa chắc');
    expect(out).not.toMatch(/^Theo /mu);
    await chat.end();
  });
});
