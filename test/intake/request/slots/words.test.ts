import { describe, expect, it } from 'vitest';
import { PhraseList, dataWord, sameWord, toneKey, tokenize } from '../../../../intake/request/slots/words.ts';

const token = (w: string) => tokenize(w).tokens[0]!;

describe('words of a message', () => {
  it.each([
    ['bà', 'bà', true],
    ['ba', 'bà', true], // typed without diacritics: folded
    ['bá', 'bà', false], // typed with other diacritics: no
    ['bà', 'ba', false],
    ['Bà', 'bà', true],
    ['hoà', 'hòa', true], // old and new tone placement
    ['thuỷ', 'thủy', true],
    ['dong', 'đồng', true],
    ['đong', 'đồng', false],
    ['me', 'mẹ', true],
  ])('typed %s says %s: %s', (typed, data, expected) => {
    expect(sameWord(token(typed), dataWord(data))).toBe(expected);
  });

  it('normalises to NFC and moves the tone mark', () => {
    expect(toneKey('ba\u0300')).toBe(toneKey('bà'));
    expect(tokenize('ba\u0300 75t').tokens.map((t) => t.text)).toEqual(['bà', '75', 't']);
  });

  it('matches phrases leftmost-longest, keeping ties', () => {
    const list = new PhraseList([
      ['bà', 'grandmother'],
      ['ba', 'father'],
      ['bà nội', 'paternal grandmother'],
    ]);
    const words = tokenize('cho ba noi');
    expect(list.findAll(words).map((m) => m.matches.map((x) => x.value))).toEqual([['paternal grandmother']]);
    expect(list.findAll(tokenize('cho ba')).flatMap((m) => m.matches.map((x) => x.value)).sort()).toEqual(['father', 'grandmother']);
    expect(list.findAll(tokenize('t2 thứ 2')).length).toBe(0);
  });
});
