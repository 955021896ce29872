import { describe, expect, it } from 'vitest';
import { ftsQuery, indexTerms, queryTerms } from '../../knowledge/normalize.ts';

describe('search terms', () => {
  it('folds diacritics and maps đ to d, with syllables and two-syllable terms', () => {
    expect(indexTerms('Địa điểm tiếp dân')).toBe('dia diem tiep dan dia_diem diem_tiep tiep_dan');
    expect(indexTerms('ĐỊA ĐIỂM')).toBe(indexTerms('dia diem'));
  });

  it('matches text with and without diacritics the same way', () => {
    expect(queryTerms('Trợ giúp pháp lý miễn phí')).toEqual(queryTerms('tro giup phap ly mien phi'));
  });

  it('adds the long form of an abbreviation and the other way round', () => {
    expect(indexTerms('Trung tâm TGPL')).toContain('tro_giup');
    expect(indexTerms('căn cước công dân')).toContain('cccd');
    expect(queryTerms('cccd').bigrams).toContain('can_cuoc');
  });

  it('drops stop words alone but keeps them inside two-syllable terms', () => {
    const t = queryTerms('Ai được trợ giúp?');
    expect(t.unigrams).not.toContain('duoc');
    expect(t.unigrams).not.toContain('ai');
    expect(t.bigrams).toContain('duoc_tro');
    expect(t.bigrams).not.toContain('ai_duoc');
  });

  it('never builds an FTS query with syntax in it', () => {
    for (const q of ['"', '*', 'a OR b', 'NEAR(x y)', '((', 'tro giup" AND', "x' OR 1=1 --", 'col:term', '^start']) {
      const query = ftsQuery(queryTerms(q));
      expect(query === '' || /^"[a-z0-9_]+"( OR "[a-z0-9_]+")*$/u.test(query)).toBe(true);
    }
  });
});
