/**
 * Regression cases from the second legal review (2026-11-23): ordinary citizens' questions, each with and
 * without diacritics where the review found the two answered differently. They pin behaviour the review
 * found wrong; the phrasings are the review's, and none of them is an FAQ phrasing.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, PROJECT_ROOT } from '../../lib/config.ts';
import { SqliteDatabase } from '../../lib/sqlite.ts';
import { fold } from '../../lib/text.ts';
import { KnowledgeBase } from '../../knowledge/answer.ts';
import { withoutAttachedFiles } from '../../knowledge/ingest/phapdien.ts';
import { tempDir } from '../helpers.ts';

const SHARED_CORPUS = join(loadConfig({}).sharedDir, 'corpus');
const ASK = { today: '2026-11-23', hotline: '1800.1233', top: 5 };

describe('scraped attachment names are left out of the indexed text', () => {
  it('drops the file names glued after the last sentence, keeping the sentence', () => {
    expect(withoutAttachedFiles('13. Giấy giới thiệu (Mẫu số 13-TP-TGPL).1. Mau 01_So vu viec_01-TP-TGPL.xls10. Mau 10_Mau bieu tuong_10-TP-TGPL.doc')).toBe(
      '13. Giấy giới thiệu (Mẫu số 13-TP-TGPL)',
    );
    expect(withoutAttachedFiles('quy định tại Phụ lục 1 ban hành kèm theo Thông tư này.Phụ lục 1.docxPhụ lục 2.docx')).toBe('quy định tại Phụ lục 1 ban hành kèm theo Thông tư này.');
    expect(withoutAttachedFiles('1. Điều 7.1 không đổi. Xem Mẫu số 02.')).toBe('1. Điều 7.1 không đổi. Xem Mẫu số 02.');
  });
});

describe.runIf(existsSync(SHARED_CORPUS))('questions of the second legal review (project FAQ + shared corpus)', () => {
  let db: SqliteDatabase;
  let kb: KnowledgeBase;
  beforeAll(async () => {
    db = await SqliteDatabase.open(join(tempDir(), 'kb.sqlite'));
    kb = new KnowledgeBase(db);
    await kb.init();
    await kb.ingest([join(PROJECT_ROOT, 'knowledge', 'corpus'), SHARED_CORPUS]);
  }, 120_000);
  afterAll(() => db?.close());
  const ask = (q: string) => kb.ask(q, ASK);
  const both = (q: string) => [q, fold(q)];

  for (const q of both('Mẹ tôi 68 tuổi sống 1 mình, ko có sổ hộ nghèo, có đc ls miễn phí ko')) {
    it(`an elderly person without a poor-household certificate gets the elderly route (${q.slice(0, 20)}…)`, async () => {
      const r = await ask(q);
      expect(r.confidence).not.toBe('low');
      expect(r.answer).toContain('Người từ đủ 60 tuổi');
      expect(r.answer).toMatch(/cận nghèo|trợ cấp xã hội/u);
    });
  }

  for (const q of both('trung tâm từ chối trợ giúp cho tôi, tôi khiếu nại ở đâu')) {
    it(`a refusal complaint is answered, not met with "chưa chắc" (${q.slice(0, 20)}…)`, async () => {
      const r = await ask(q);
      expect(r.confidence).not.toBe('low');
      expect(r.answer).toContain('Mẫu số 03');
      for (const c of r.citations) expect(`${c.title} ${c.excerpt}`).not.toMatch(/\.(xls|doc)/u);
    });
  }

  it('a dismissal question asking whether to sue and the time limit is not answered by a quote of the employer’s right to dismiss', async () => {
    const r = await ask('Tôi bị công ty đuổi việc không báo trước, có kiện được không, thời hạn bao lâu?');
    expect(r.answer).not.toMatch(/^Theo khoản 1 Điều 36/mu);
    expect(r.answer).toContain('1 năm');
  });

  it('a loan with a handwritten note gets the loan entry (time limit 3 years), not "chưa chắc" without a button', async () => {
    const r = await ask('Cho người quen vay 100 triệu có giấy viết tay, giờ họ không trả, kiện được không?');
    const offered = r.suggestions?.some((s) => s.id.endsWith('#cho-vay-khong-tra')) ?? false;
    expect(offered || r.answer.includes('3 năm')).toBe(true);
    expect(r.citations.some((c) => c.article === '637' || c.article === '502')).toBe(false);
  });

  it('a husband held by the police in a poor household is answered with the arrest notice, not "chưa chắc"', async () => {
    const r = await ask('Chồng tôi bị công an tạm giữ, nhà tôi hộ nghèo, tôi xin luật sư cho anh ấy được không?');
    expect(r.confidence).not.toBe('low');
    expect(r.answer).toContain('12 giờ');
  });

  it('a 17-year-old victim’s answer cites no criminal-code article beside the legal-aid basis', async () => {
    const r = await ask('con e 17 tuoi bi danh hoi dong, muon nho ls bao ve cho chau co mat tien ko');
    expect(r.citations.some((c) => c.document === '100/2015/QH13')).toBe(false);
  });

  it('texts consolidated to several dates make one "Lưu ý" line, not one per date', async () => {
    const r = await ask('ông e 82 tuổi ko có lương hưu, có được trợ cấp xã hội hàng tháng ko, bao nhiêu tiền');
    expect(r.answer.split('\n').filter((l) => l.startsWith('Lưu ý: trích theo văn bản hợp nhất')).length).toBeLessThanOrEqual(1);
  });
});
