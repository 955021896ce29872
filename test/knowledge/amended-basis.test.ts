import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, PROJECT_ROOT } from '../../lib/config.ts';
import { SqliteDatabase } from '../../lib/sqlite.ts';
import { currentCitation, KnowledgeBase } from '../../knowledge/answer.ts';
import { tempDir } from '../helpers.ts';

const LEGAL_AID = join(loadConfig({}).sharedDir, 'corpus', 'law', 'phapdien-4.5-tro-giup-phap-ly.json');
const ARTICLE_7 = [
  '1. Người có công với cách mạng.',
  '5. Người bị buộc tội từ đủ 16 tuổi đến dưới 18 tuổi.',
  '6. Người bị buộc tội thuộc hộ cận nghèo.',
  '7. Người thuộc một trong các trường hợp sau đây có khó khăn về tài chính:',
  'đ) Người từ đủ 16 tuổi đến dưới 18 tuổi là bị hại trong vụ án hình sự;',
  'g) Nạn nhân của hành vi mua bán người theo quy định của Luật Phòng, chống mua bán người;',
  'h) Người nhiễm HIV.',
].join('\n');
const cite = (over: Record<string, string>) => ({ document: '11/2017/QH14', article: '7', title: 'Người được trợ giúp pháp lý', excerpt: ARTICLE_7, score: 1, source: 'x', label: 'Điều 7 Luật Trợ giúp pháp lý 2017', ...over });

describe('Điều 7 Luật TGPL as amended (amendments.yaml changes)', () => {
  it('an amended clause is named with its amending provision and shown by its summary, not the old wording', () => {
    const c = currentCitation(cite({ clause: '5', label: 'khoản 5 Điều 7 Luật Trợ giúp pháp lý 2017' }), '2026-11-23')!;
    expect(c.label).toBe('khoản 5 Điều 7 Luật Trợ giúp pháp lý 2017 (sửa đổi bởi khoản 6 Điều 177 Luật 59/2024/QH15)');
    expect(c.excerpt).not.toContain('Người bị buộc tội từ đủ 16');
    expect(c.excerpt).toContain('tóm tắt, không phải nguyên văn');
    expect(c.excerpt).toContain('bị hại');
  });

  it('the added khoản 6a is named "bổ sung bởi Điều 61 Luật 53/2024/QH15" from 2025-07-01', () => {
    const c = currentCitation(cite({ clause: '6a', label: 'khoản 6a Điều 7 Luật Trợ giúp pháp lý 2017' }), '2025-07-01')!;
    expect(c.label).toBe('khoản 6a Điều 7 Luật Trợ giúp pháp lý 2017 (bổ sung bởi Điều 61 Luật 53/2024/QH15)');
    expect(c.excerpt).toContain('mua bán người');
  });

  it('a repealed point is no basis after its repeal, and still one before', () => {
    expect(currentCitation(cite({ clause: '7', point: 'g' }), '2025-07-01')).toBeUndefined();
    expect(currentCitation(cite({ clause: '7', point: 'đ' }), '2026-01-01')).toBeUndefined();
    expect(currentCitation(cite({ clause: '7', point: 'đ' }), '2025-12-31')).toBeDefined();
    // Other points of the same clause stay.
    expect(currentCitation(cite({ clause: '7', point: 'c' }), '2026-11-23')).toBeDefined();
  });

  it('TT 08 Điều 33 khoản 11 and 13 (proof of groups repealed) are no basis after their groups went', () => {
    const tt = (clause: string) => ({ ...cite({ clause }), document: '08/2017/TT-BTP', article: '33' });
    expect(currentCitation(tt('13'), '2025-07-01')).toBeUndefined();
    expect(currentCitation(tt('11'), '2025-12-31')).toBeDefined();
    expect(currentCitation(tt('11'), '2026-01-01')).toBeUndefined();
    expect(currentCitation(tt('9'), '2026-11-23')).toBeDefined();
  });

  it('the whole article, cited today, names both amending provisions and marks its old lines', () => {
    const c = currentCitation(cite({}), '2026-11-23')!;
    expect(c.label).toContain('sửa đổi, bổ sung bởi khoản 6 Điều 177 Luật 59/2024/QH15 và Điều 61 Luật 53/2024/QH15');
    expect(c.excerpt).not.toContain('5. Người bị buộc tội từ đủ 16');
    expect(c.excerpt).toMatch(/\n6a\. \(bổ sung bởi Điều 61 Luật 53\/2024\/QH15/u);
    expect(c.excerpt).toContain('bị hại trong vụ án hình sự; (đã bãi bỏ từ 01/01/2026 bởi Luật 59/2024/QH15)');
    expect(c.excerpt).toContain('Luật Phòng, chống mua bán người; (đã bãi bỏ từ 01/07/2025 bởi Luật 53/2024/QH15)');
    // Before any change the text is as consolidated.
    expect(currentCitation(cite({}), '2025-03-01')!.excerpt).toBe(ARTICLE_7);
  });
});

describe.runIf(existsSync(LEGAL_AID))('answers on amended eligibility cite the amended basis (legal-aid topic + the project FAQ)', () => {
  let db: SqliteDatabase;
  let kb: KnowledgeBase;
  beforeAll(async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'corpus'));
    copyFileSync(LEGAL_AID, join(dir, 'corpus', 'phapdien-4.5-tro-giup-phap-ly.json'));
    copyFileSync(join(PROJECT_ROOT, 'knowledge', 'corpus', 'faq.yaml'), join(dir, 'corpus', 'faq.yaml'));
    db = await SqliteDatabase.open(join(dir, 'kb.sqlite'));
    kb = new KnowledgeBase(db);
    await kb.init();
    await kb.ingest([join(dir, 'corpus')]);
  }, 60_000);
  afterAll(() => db?.close());
  const ask = (q: string) => kb.ask(q, { today: '2026-11-23', hotline: '1800.1233' });
  const basis = (answer: string) => answer.split('\n').find((l) => l.startsWith('(Căn cứ:')) ?? '';

  for (const q of ['em bi lua ban sang trung quoc moi tron ve, co dc giup phap ly ko', 'Nạn nhân bị mua bán người có được trợ giúp pháp lý không?']) {
    it(`trafficking victim: khoản 6a added by Luật 53/2024, never the repealed điểm g (${q.slice(0, 30)}…)`, async () => {
      const r = await ask(q);
      expect(basis(r.answer)).toContain('khoản 6a Điều 7 Luật Trợ giúp pháp lý 2017 (bổ sung bởi Điều 61 Luật 53/2024/QH15)');
      expect(basis(r.answer)).not.toContain('điểm g');
      expect(r.citations.some((c) => c.document === '08/2017/TT-BTP' && c.article === '33' && c.excerpt.startsWith('13.'))).toBe(false);
      for (const c of r.citations) expect(c.excerpt).not.toContain('Người bị buộc tội từ đủ 16 tuổi đến dưới 18 tuổi.');
    });
  }

  it('16–17-year-old victim: khoản 5 as amended by Luật 59/2024, never the repealed điểm đ', async () => {
    const r = await ask('con e 17 tuoi bi danh hoi dong, muon nho ls bao ve cho chau co mat tien ko');
    expect(basis(r.answer)).toContain('khoản 5 Điều 7 Luật Trợ giúp pháp lý 2017 (sửa đổi bởi khoản 6 Điều 177 Luật 59/2024/QH15)');
    expect(basis(r.answer)).not.toContain('điểm đ');
    for (const c of r.citations) expect(c.excerpt).not.toContain('Người bị buộc tội từ đủ 16 tuổi đến dưới 18 tuổi.');
  });
});
