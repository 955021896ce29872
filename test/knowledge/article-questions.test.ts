import { existsSync, readFileSync } from 'node:fs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArticleQuestionMatcher, loadArticleQuestions } from '../../knowledge/article-questions.ts';

const SHARED_TGPL = new URL('../../../shared/corpus/law/phapdien-4.5-tro-giup-phap-ly.json', import.meta.url);

describe('article questions (the ways people ask what an article says)', () => {
  const examples = loadArticleQuestions();
  const matcher = new ArticleQuestionMatcher(examples);
  const top = (q: string, k = 3) => matcher.match(q, k).map((m) => `${m.document} ${m.article}`);

  it('covers the legal-aid texts with over a thousand questions, each once per article, in NFC', () => {
    expect(examples.length).toBeGreaterThan(1000);
    const seen = new Set<string>();
    for (const e of examples) {
      expect(e.text).toBe(e.text.normalize('NFC'));
      const key = `${e.label}|${e.text.toLowerCase()}`;
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
    }
  });

  it.skipIf(!existsSync(SHARED_TGPL))('names only articles that exist in the Pháp điển topic', () => {
    const articles = new Set((JSON.parse(readFileSync(SHARED_TGPL, 'utf8')) as Array<{ src_doc_no: string; src_article: string }>).map((a) => `${a.src_doc_no.normalize('NFC')}#${a.src_article}`));
    const missing = [...new Set(examples.map((e) => e.label))].filter((l) => !articles.has(l));
    expect(missing).toEqual([]);
  });

  it('finds the article from everyday words, with or without diacritics', () => {
    expect(top('người nào được nhà nước giúp pháp lý free')).toContain('11/2017/QH14 7');
    expect(top('nguoi nao duoc nha nuoc giup phap ly free')).toContain('11/2017/QH14 7');
    expect(top('luật sư nhà nước giúp tôi có được nhận quà cảm ơn không')).toContain('11/2017/QH14 6');
  });

  it('matches a long story by its asking sentence', () => {
    const story = 'Bố tôi năm nay 80 tuổi, ở một mình trên xã, bị hàng xóm lấn đất mấy năm nay mà không ai giải quyết. Tôi ở xa không về được. Vậy trung tâm không chịu giúp thì kêu ai?';
    // Complaints about a refusal: Điều 45 (khiếu nại), not the eligibility of an 80-year-old.
    expect(top(story, 1)).toEqual(['11/2017/QH14 45']);
    expect(top('trung tâm không chịu giúp thì kêu ai', 1)).toEqual(['11/2017/QH14 45']);
  });

  it('reads a centre’s own file, and names a bad one in one line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aq-'));
    writeFileSync(join(dir, 'own.yaml'), 'format: tgpl-article-questions/1\ndocument: "11/2017/QH14"\narticles:\n  - article: 8\n    questions: ["tôi có quyền gì"]\n');
    expect(loadArticleQuestions(dir)).toEqual([{ label: '11/2017/QH14#8', text: 'tôi có quyền gì' }]);
    writeFileSync(join(dir, 'bad.yaml'), 'format: other\n');
    expect(() => loadArticleQuestions(dir)).toThrow(/bad\.yaml: not a tgpl-article-questions\/1 file/);
  });
});
