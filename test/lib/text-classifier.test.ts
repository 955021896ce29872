import { describe, expect, it } from 'vitest';
import { heldOutAccuracy, TextClassifier, textFeatures } from '../../lib/text-classifier.ts';

const examples = [
  { label: 'affirm', text: 'đúng' },
  { label: 'affirm', text: 'đúng rồi' },
  { label: 'affirm', text: 'ok' },
  { label: 'affirm', text: 'vâng' },
  { label: 'cancel', text: 'dừng' },
  { label: 'cancel', text: 'dừng lại' },
  { label: 'cancel', text: 'thôi' },
  { label: 'cancel', text: 'hủy' },
  { label: 'ask', text: 'ly hôn thì con ai nuôi' },
  { label: 'ask', text: 'công ty nợ lương thì làm sao' },
];

describe('text classifier', () => {
  it('keeps the exact word for words typed with diacritics, and always the folded one', () => {
    const f = textFeatures('Đúng rồi');
    expect(f.has('x:đúng')).toBe(true);
    expect(f.has('w:dung')).toBe(true);
    expect(f.has('x:roi') || f.has('w:roi')).toBe(true);
    expect(textFeatures('dung roi').has('x:đúng')).toBe(false);
  });

  it('tells "đúng" from "dừng" by their diacritics', () => {
    const c = new TextClassifier(examples);
    expect(c.predict('đúng')?.label).toBe('affirm');
    expect(c.predict('dừng')?.label).toBe('cancel');
    expect(c.predict('Đúng rồi ạ')?.label).toBe('affirm');
    expect(c.predict('dừng lại đi')?.label).toBe('cancel');
  });

  it('reads typos and missing diacritics from character trigrams and folded words', () => {
    const c = new TextClassifier(examples);
    expect(c.predict('cong ty no luong')?.label).toBe('ask');
    expect(c.predict('vang a')?.label).toBe('affirm');
  });

  it('gives a low score to a message about something else, and nothing for an empty one', () => {
    const c = new TextClassifier(examples);
    expect(c.predict('')).toBeUndefined();
    expect(c.predict('thời tiết Hà Nội ngày mai thế nào nhỉ bạn')?.score ?? 0).toBeLessThan(0.35);
  });

  it('measures accuracy on examples held out of the build', () => {
    const r = heldOutAccuracy(examples, 2);
    expect(r.n).toBe(5);
    expect(r.correct + r.errors.length).toBe(r.n);
  });
});
