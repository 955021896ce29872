import { describe, expect, it } from 'vitest';
import { Lexicon } from '../../knowledge/lexicon.ts';
import { queryTerms } from '../../knowledge/normalize.ts';

const lexicon = new Lexicon([
  { say: ['kêu ai', 'thưa kiện ai'], means: ['khiếu nại'], weight: 0.8, why: 'Điều 44 Luật TGPL 2017' },
  { say: ['bà nội'], means: ['người cao tuổi'], weight: 0.5, why: 'test' },
  { say: ['ko', 'k'], means: ['không'], weight: 1, why: 'chat abbreviation' },
  { say: ['không chịu giúp'], means: ['từ chối thụ lý'], weight: 0.9, why: 'Điều 30 khoản 3' },
]);

describe('lexicon', () => {
  it('adds the law words for everyday ones, with or without diacritics typed', () => {
    expect(lexicon.expand('trung tâm không chịu giúp thì kêu ai').map((h) => h.means[0])).toEqual(['từ chối thụ lý', 'khiếu nại']);
    expect(lexicon.expand('trung tam khong chiu giup thi keu ai').map((h) => h.means[0])).toEqual(['từ chối thụ lý', 'khiếu nại']);
  });

  it('needs the same diacritics when they are typed: "bà nội" is not "ba nội"', () => {
    expect(lexicon.expand('bà nội tôi').length).toBe(1);
    expect(lexicon.expand('ba noi toi').length).toBe(1);
    expect(lexicon.expand('bá nội tôi').length).toBe(0);
  });

  it('matches whole words only, longest phrase first', () => {
    expect(lexicon.expand('kêu ai cũng được').length).toBe(1);
    expect(lexicon.expand('kêuai').length).toBe(0);
  });
});

describe('query expansion from the project lexicon', () => {
  it('weighs the question\'s own words fully and the added law words at most 1', () => {
    const t = queryTerms('tro giup phap ly mien phi');
    expect(t.weights.get('mien_phi')).toBe(1);
    for (const w of t.weights.values()) expect(w).toBeLessThanOrEqual(1);
  });

  it('can be turned off', () => {
    const plain = queryTerms('ls có lấy tiền không', { expand: false });
    expect([...plain.weights.values()].every((w) => w === 1)).toBe(true);
  });
});
