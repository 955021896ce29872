import { describe, expect, it } from 'vitest';
import { extractFacts } from '../../intake/eligibility/fact-extractor.ts';
import { combineVotes } from '../../knowledge/answer.ts';
import { factAgreement } from '../../knowledge/faq-matcher.ts';

const today = '2026-11-23';
const facts = (text: string) => extractFacts(text, today);

describe('FAQ entries about people: what the question states of the person', () => {
  it('says nothing when the question states nothing of the entry’s people', () => {
    expect(factAgreement({ household: 'poor' }, facts('trợ giúp pháp lý có mất tiền không'))).toBe(1);
    expect(factAgreement(undefined, facts('nhà tôi hộ nghèo'))).toBe(1);
  });

  it('brings nearer an entry whose facts the question states, farther one it contradicts', () => {
    const poorNegated = facts('ko co so ho ngheo, co dc ls mien phi ko');
    expect(factAgreement({ household: 'poor' }, poorNegated)).toBeLessThan(1);
    expect(factAgreement({ household: 'none' }, poorNegated)).toBeGreaterThan(1);
  });

  it('reads an age against the entry’s band: 15 is a child, not 16 to 18; 68 is not a child', () => {
    const fifteen = facts('Con tôi 15 tuổi bị công an bắt');
    expect(factAgreement({ age: { max: 15 } }, fifteen)).toBeGreaterThan(1);
    expect(factAgreement({ age: { min: 16, max: 17 } }, fifteen)).toBeLessThan(1);
    expect(factAgreement({ age: { max: 15 } }, facts('mẹ tôi 68 tuổi'))).toBeLessThan(1);
    expect(factAgreement({ age: { min: 60 } }, facts('mẹ tôi 68 tuổi'))).toBeGreaterThan(1);
  });

  it('a civil suit ("bị kiện đòi nợ") is not the entry on accused persons', () => {
    const sued = facts('nha e thuoc ho can ngheo, e bi kien doi no 50 trieu');
    expect(factAgreement({ household: 'near_poor', criminalRole: 'accused' }, sued)).toBeLessThan(factAgreement({ household: 'near_poor' }, sued));
  });
});

describe('citation votes', () => {
  const c = (article: string) => ({ document: 'D', article, title: '', excerpt: '', score: 0, source: '', label: `Điều ${article}` });
  it('an article several sources point to outranks one a single source favours slightly more', () => {
    const ranked = combineVotes([
      { citation: c('2'), value: 0.5 },
      { citation: c('7'), value: 0.45 },
      { citation: c('7'), value: 0.4 },
    ]);
    expect(ranked.map((v) => v.citation.article)).toEqual(['7', '2']);
  });
  it('one vote per article, keeping the strongest vote’s citation', () => {
    const ranked = combineVotes([{ citation: { ...c('7'), label: 'weak' }, value: 0.1 }, { citation: { ...c('7'), label: 'strong' }, value: 0.9 }]);
    expect(ranked).toHaveLength(1);
    expect(ranked[0]!.citation.label).toBe('strong');
  });
});
