import { appendFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanPlanText, planPassages } from '../../knowledge/ingest/plan.ts';
import { splitByClause } from '../../knowledge/ingest/split-clauses.ts';
import { fixtureKnowledge } from './helpers.ts';

async function passagesOf(db: Awaited<ReturnType<typeof fixtureKnowledge>>['db'], kind: string) {
  return db.all<{ document: string; article: string; clause: string; text: string; title: string; source: string }>(
    'SELECT document, article, clause, text, title, source FROM kb_passages WHERE kind = ? ORDER BY rowid',
    [kind],
  );
}

describe('ingest formats', () => {
  it('reads Pháp điển records as one article a passage, splitting a long one by khoản', async () => {
    const { db } = await fixtureKnowledge();
    const laws = await passagesOf(db, 'law');
    const art7 = laws.filter((p) => p.document === '11/2017/QH14' && p.article === '7');
    expect(art7).toHaveLength(1);
    expect(art7[0]!.title).toBe('Người được trợ giúp pháp lý');
    const art45 = laws.filter((p) => p.document === '11/2017/QH14' && p.article === '45');
    expect(art45.map((p) => p.clause)).toEqual(['']);
    expect(laws.some((p) => p.document === '144/2017/NĐ-CP' && p.article === '2')).toBe(true);
  });

  it('reads ALQAC articles with the law name as document and the article as written', async () => {
    const { db } = await fixtureKnowledge();
    const laws = await passagesOf(db, 'law');
    const hn = laws.find((p) => p.document === 'Luật Hôn nhân và gia đình');
    expect(hn).toMatchObject({ article: '51', title: 'Quyền yêu cầu giải quyết ly hôn' });
    expect(laws.find((p) => p.document === 'Bộ luật dân sự')?.article).toBe('8a');
  });

  it('reads plans by their headings, without site noise, numbered from the manifest', async () => {
    const { db } = await fixtureKnowledge();
    const plans = await passagesOf(db, 'plan');
    expect(plans.every((p) => p.document === '12/KH-UBND')).toBe(true);
    const sections = plans.map((p) => p.article);
    expect(sections).toEqual(expect.arrayContaining(['A.1', 'B.I.1', 'B.I.3.1', 'B.II.4 Hoạt động 3', 'B.II.1.a']));
    const all = plans.map((p) => p.text).join('\n');
    expect(all).not.toMatch(/Đăng Nhập|Đăng nhập|Từ khoá|DMCA|Số hiệu:|\*\*/u);
    expect(plans.find((p) => p.article === 'B.I.1')!.text).toContain('60 đến 80 nghìn');
    expect(plans.find((p) => p.article === 'B.I.3.1')!.title).toContain('3. Kiện toàn tổ chức');
  });

  it('splits an article longer than a passage by khoản, keeping any lead-in with the first', async () => {
    const text = 'Phần dẫn.\n1. Khoản một dài dòng.\n2. Khoản hai dài dòng.\na) điểm a;\n3. Khoản ba dài dòng.';
    const parts = await splitByClause(text, 40);
    expect(parts.map((p) => p.clause)).toEqual(['1', '2', '3']);
    expect(parts[0]!.text).toBe('Phần dẫn.\n1. Khoản một dài dòng.');
    expect(parts[1]!.text).toBe('2. Khoản hai dài dòng.\na) điểm a;');
    expect(await splitByClause(text, 1000)).toEqual([{ clause: '', text }]);
  });

  it('drops a scraped footer and everything after it', () => {
    const lines = cleanPlanText('I. Nội dung\nMột dòng.\nBạn Chưa Đăng Nhập Thành Viên!\nII. Không phải văn bản\n');
    expect(lines).toEqual(['I. Nội dung', 'Một dòng.']);
  });

  it('cuts a section that is still too long with the text splitter', async () => {
    const long = `I. Dài\n${'Câu văn rất dài về trợ giúp pháp lý. '.repeat(200)}`;
    const parts = await planPassages(long, { file: 'x.txt', title: 'x', number: '1/KH-X' }, 'x.txt', 1500);
    expect(parts.length).toBeGreaterThan(3);
    expect(parts.every((p) => p.text.length <= 1500 && p.article === 'I')).toBe(true);
  });

  it('reads FAQ entries with their citations', async () => {
    const { db } = await fixtureKnowledge();
    const faq = await db.all<{ article: string; citations: string }>("SELECT article, citations FROM kb_passages WHERE kind = 'faq'");
    expect(faq.map((f) => f.article)).toEqual(['mien-phi', 'khieu-nai']);
    expect(JSON.parse(faq[0]!.citations)).toEqual([{ document: '11/2017/QH14', article: '2' }]);
  });
});

describe('re-ingesting', () => {
  it('does nothing for unchanged files and re-indexes only a changed one', async () => {
    const { kb, corpus } = await fixtureKnowledge();
    const again = await kb.ingest([corpus]);
    expect(again.added).toEqual([]);
    expect(again.updated).toEqual([]);
    expect(again.unchanged).toBe(again.files);
    expect(await kb.index.isStale([corpus])).toBe(false);

    appendFileSync(join(corpus, 'plans', 'tinh-mau-12-KH-UBND-2024.txt'), '');
    writeFileSync(
      join(corpus, 'laws-other', 'alqac-mini.json'),
      JSON.stringify({ 'Luật Cư trú@38': 'Điều khoản chuyển tiếp\n\nSổ hộ khẩu được sử dụng đến hết ngày 31 tháng 12 năm 2022.' }),
    );
    expect(await kb.index.isStale([corpus])).toBe(true);
    const changed = await kb.ingest([corpus]);
    expect(changed.updated).toEqual(['laws-other/alqac-mini.json']);
    expect(changed.unchanged).toBe(changed.files - 1);
    const articles = await kb.index.article('Luật Cư trú', '38');
    expect(articles).toHaveLength(1);
    expect(await kb.index.article('Luật Hôn nhân và gia đình', '51')).toEqual([]);

    rmSync(join(corpus, 'faq'), { recursive: true });
    const removed = await kb.ingest([corpus]);
    expect(removed.removed).toHaveLength(1);
    expect((await kb.ask('Trợ giúp pháp lý có mất tiền không?', { today: '2026-11-21', hotline: 'x' })).answer).not.toContain('Không mất tiền. Trợ giúp');
  });

  it('reports a file in an unknown format by name and indexes the rest', async () => {
    const { kb, corpus } = await fixtureKnowledge();
    writeFileSync(join(corpus, 'law', 'broken.json'), '{"not": "a corpus"}');
    const report = await kb.ingest([corpus]);
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]!.error).toContain('broken.json');
    expect(await kb.index.count()).toBeGreaterThan(5);
  });
});
