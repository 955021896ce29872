import { describe, expect, it } from 'vitest';
import { ASK, fixtureKnowledge } from './helpers.ts';

describe('answers with citations', () => {
  it('answers from a matching FAQ entry first, citing the articles it rests on', async () => {
    const { kb } = await fixtureKnowledge();
    const result = await kb.ask('tro giup phap ly co mat tien khong', ASK);
    expect(result.answer).toContain('Không mất tiền');
    expect(result.answer).toContain('Căn cứ: Điều 2 Luật Trợ giúp pháp lý 2017');
    expect(result.citations[0]).toMatchObject({ document: '11/2017/QH14', article: '2', source: 'law/phapdien-mini.json' });
    expect(result.citations[0]!.excerpt).toContain('miễn phí');
    expect(result.confidence).toBe('high');
    expect(result.handoff).toBe(false);
  });

  it('never cites an article the index does not hold, even when a FAQ names it', async () => {
    const { kb } = await fixtureKnowledge();
    const result = await kb.ask('Bị từ chối trợ giúp pháp lý thì khiếu nại ở đâu?', ASK);
    expect(result.answer).toContain('Giám đốc Sở Tư pháp');
    expect(result.citations.some((c) => c.document === '99/9999/QH99')).toBe(false);
    expect(result.citations[0]).toMatchObject({ document: '11/2017/QH14', article: '45' });
  });

  it('ranks the article that holds the question above others, with a short quote', async () => {
    const { kb } = await fixtureKnowledge();
    const result = await kb.ask('Điều kiện khó khăn về tài chính là gì?', ASK);
    expect(result.citations[0]).toMatchObject({ document: '144/2017/NĐ-CP', article: '2' });
    expect(result.answer).toMatch(/^Theo Điều 2 Nghị định 144\/2017\/NĐ-CP/u);
    expect(result.answer).toContain('hộ cận nghèo');
  });

  it('finds plan sections by their content and cites the section path', async () => {
    const { kb } = await fixtureKnowledge();
    const result = await kb.ask('tinh Mau in bao nhieu to gap phap luat moi nam', ASK);
    expect(result.citations[0]).toMatchObject({ document: '12/KH-UBND', article: 'B.I.1' });
    expect(result.answer).toContain('mục B.I.1');
  });

  it('notes that Điều 7 was amended and gives the rule in force', async () => {
    const { kb } = await fixtureKnowledge();
    const result = await kb.ask('người thuộc hộ nghèo, trẻ em, người có công với cách mạng có được trợ giúp pháp lý', ASK);
    expect(result.citations[0]).toMatchObject({ document: '11/2017/QH14', article: '7' });
    expect(result.answer).toContain('Lưu ý: Điều 7 đã được sửa đổi');
    expect(result.answer).toContain('53/2024/QH15');
    expect(result.answer).toContain('59/2024/QH15');
    const before = await kb.ask('người thuộc hộ nghèo, trẻ em, người có công với cách mạng có được trợ giúp pháp lý', {
      ...ASK,
      today: '2025-03-01',
    });
    expect(before.answer).not.toContain('đã được sửa đổi');
  });

  it('says honestly when it is not sure, offers a person, and invents no article', async () => {
    const { kb } = await fixtureKnowledge();
    const result = await kb.ask('mua bảo hiểm xe máy online ở đâu rẻ nhất', ASK);
    expect(result.confidence).toBe('low');
    expect(result.handoff).toBe(true);
    expect(result.answer).toContain('chưa chắc');
    expect(result.answer).toContain('1800.1233');
    expect(result.answer).not.toMatch(/^Theo Điều/u);
  });

  it('answers business and off-topic questions politely without a search', async () => {
    const { kb } = await fixtureKnowledge();
    const business = await kb.ask('Tôi muốn thành lập công ty thì làm thế nào?', ASK);
    expect(business.outOfScope).toBe('business');
    expect(business.answer).toContain('kinh doanh, thương mại');
    expect(business.citations).toEqual([]);
    const weather = await kb.ask('thoi tiet ngay mai', ASK);
    expect(weather.outOfScope).toBe('off_topic');
  });

  it.each([
    ['', 'Bạn gõ câu hỏi'],
    ['   ', 'Bạn gõ câu hỏi'],
    ['🙂🙏🙂', 'chưa đọc được câu hỏi'],
    ['?!?!...', 'chưa đọc được câu hỏi'],
  ])('handles an empty or wordless question %j with a clear reply', async (question, expected) => {
    const { kb } = await fixtureKnowledge();
    const result = await kb.ask(question, ASK);
    expect(result.answer).toContain(expected);
    expect(result.citations).toEqual([]);
  });

  it.each(['"trợ giúp', 'trợ giúp*', 'a OR b NOT c', 'NEAR(trợ giúp, 5)', '((hộ nghèo', 'title_terms: x', 'miễn phí"))'])(
    'never raises an FTS error for %j',
    async (question) => {
      const { kb } = await fixtureKnowledge();
      await expect(kb.ask(question, ASK)).resolves.toHaveProperty('answer');
    },
  );

  it('handles a 10,000-character question', async () => {
    const { kb } = await fixtureKnowledge();
    const long = `${'khiếu nại trợ giúp pháp lý '.repeat(400).slice(0, 9_999)}x`;
    const result = await kb.ask(long, ASK);
    expect(result.question.length).toBe(10_000);
    expect(result.citations.length).toBeGreaterThan(0);
  });

  it('returns at most --top citations, one per article', async () => {
    const { kb } = await fixtureKnowledge();
    const result = await kb.ask('trợ giúp pháp lý khiếu nại hộ nghèo', { ...ASK, top: 2 });
    expect(result.citations.length).toBeLessThanOrEqual(2);
    const keys = result.citations.map((c) => `${c.document}#${c.article}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
