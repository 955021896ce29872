import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../lib/logger.ts';
import { LlmAnswerWriter } from '../../knowledge/llm-answer.ts';
import { FakeOpenAi } from '../fakes/fake-openai.ts';
import { ASK, fixtureKnowledge } from './helpers.ts';

const servers: FakeOpenAi[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop();
});

async function withWriter(timeoutMs = 2000) {
  const server = await new FakeOpenAi().start();
  servers.push(server);
  const { kb } = await fixtureKnowledge();
  kb.writer = new LlmAnswerWriter({ baseUrl: server.baseUrl, model: 'fake-model', apiKey: 'k', timeoutMs }, silentLogger);
  return { server, kb };
}

const QUESTION = 'Điều kiện khó khăn về tài chính là gì?';

describe('answers written by a language model (ChatOpenAI over HTTP)', () => {
  it('sends only the question and the retrieved passages, and keeps the citations it uses', async () => {
    const { server, kb } = await withWriter();
    server.reply = 'Khó khăn về tài chính là thuộc hộ cận nghèo hoặc đang hưởng trợ cấp xã hội hàng tháng [1].';
    const result = await kb.ask(QUESTION, ASK);
    const request = server.requests[0]!;
    expect(request.model).toBe('fake-model');
    const user = request.messages.find((m) => m.role === 'user')!.content;
    expect(user).toContain(QUESTION);
    expect(user).toContain('[1] Điều 2 Nghị định 144/2017/NĐ-CP');
    expect(user).toContain('hộ cận nghèo hoặc là người đang hưởng trợ cấp xã hội hàng tháng');
    expect(result.answer).toContain('[1].');
    expect(result.answer).toContain('Nguồn: [1] Điều 2 Nghị định 144/2017/NĐ-CP');
    expect(result.citations.map((c) => `${c.document}#${c.article}`)).toEqual(['144/2017/NĐ-CP#2']);
  });

  it('drops citations outside the passages', async () => {
    const { server, kb } = await withWriter();
    server.reply = 'Theo Điều 99 [9], người thuộc hộ cận nghèo được giúp [1].';
    const result = await kb.ask(QUESTION, ASK);
    expect(result.answer).not.toContain('[9]');
    expect(result.citations).toHaveLength(1);
  });

  it('falls back to the extractive answer when no citation is valid', async () => {
    const { server, kb } = await withWriter();
    server.reply = 'Bạn được giúp theo Điều 99 [7].';
    const result = await kb.ask(QUESTION, ASK);
    expect(result.answer).toMatch(/^Theo Điều 2 Nghị định 144\/2017\/NĐ-CP/u);
  });

  it('falls back to the extractive answer on a timeout', async () => {
    const { server, kb } = await withWriter(300);
    server.delayMs = 2000;
    const result = await kb.ask(QUESTION, ASK);
    expect(result.answer).toMatch(/^Theo Điều 2 Nghị định 144\/2017\/NĐ-CP/u);
    expect(server.requests).toHaveLength(1);
  });
});
