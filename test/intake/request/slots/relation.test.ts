import { describe, expect, it } from 'vitest';
import { findRequester } from '../../../../intake/request/slots/relation.ts';

describe('findRequester', () => {
  it.each([
    'cho tôi',
    'cho toi',
    'chính tôi',
    'chinh toi',
    'tôi',
    'toi',
    'em',
    'cho em ạ',
    'cho e',
    'bản thân',
    'ban than',
    'mình',
    'tôi bị công an gọi lên',
    'anh chị ơi em muốn hỏi',
  ])('%s → self', (text) => {
    expect(findRequester(text)).toEqual({ forWhom: 'self' });
  });

  it.each([
    ['cho mẹ tôi', 'mother', 'mẹ'],
    ['me toi', 'mother', 'mẹ'],
    ['cho mẹ', 'mother', 'mẹ'],
    ['mẹ', 'mother', 'mẹ'],
    ['dạ cho mẹ ạ', 'mother', 'mẹ'],
    ['má tôi', 'mother', 'mẹ'],
    ['bố tôi', 'father', 'bố'],
    ['bo toi', 'father', 'bố'],
    ['ba tôi', 'father', 'bố'], // typed with diacritics: "ba" is bố, bà would be "bà"
    ['cho ba tôi', 'father', 'bố'],
    ['cho bà', 'grandmother', 'bà'],
    ['bà tôi', 'grandmother', 'bà'],
    ['ông nội', 'paternal_grandfather', 'ông nội'],
    ['ong noi', 'paternal_grandfather', 'ông nội'],
    ['ba noi', 'paternal_grandmother', 'bà nội'],
    ['bà ngoại', 'maternal_grandmother', 'bà ngoại'],
    ['con trai tôi', 'son', 'con trai'],
    ['con trai toi', 'son', 'con trai'],
    ['cho con toi', 'child', 'con'],
    ['con gái', 'daughter', 'con gái'],
    ['vợ', 'wife', 'vợ'],
    ['vo', 'wife', 'vợ'],
    ['chồng', 'husband', 'chồng'],
    ['chong toi', 'husband', 'chồng'],
    ['ck', 'husband', 'chồng'],
    ['vk', 'wife', 'vợ'],
    ['em gái', 'younger_sister', 'em gái'],
    ['em gai', 'younger_sister', 'em gái'],
    ['em tôi', 'younger_sibling', 'em'],
    ['bạn thân tôi', 'friend', 'bạn'],
    ['anh trai', 'older_brother', 'anh trai'],
    ['cháu', 'grandchild', 'cháu'],
    ['cho chau', 'grandchild', 'cháu'],
    ['hàng xóm', 'neighbour', 'hàng xóm'],
    ['hang xom', 'neighbour', 'hàng xóm'],
    ['một người quen', 'acquaintance', 'người quen'],
    ['cho người khác', 'someone_else', 'người khác'],
    ['nguoi than', 'relative', 'người thân'],
    ['mẹ chồng tôi', 'mother_in_law', 'mẹ chồng'],
    ['tôi muốn hỏi cho mẹ tôi', 'mother', 'mẹ'],
    ['toi muon hoi cho me toi', 'mother', 'mẹ'],
    ['không phải tôi, cho bố tôi', 'father', 'bố'],
    ['em muốn hỏi giúp bà ngoại', 'maternal_grandmother', 'bà ngoại'],
    ['con tôi 15 tuổi bị đánh', 'child', 'con'],
  ])('%s → %s', (text, relation, label) => {
    expect(findRequester(text)).toEqual({ forWhom: 'other', relation, label });
  });

  it.each(['cho ba', 'ba', 'ba toi', 'hoi cho ba'])('%s (no diacritics: bố or bà) → other, unclear', (text) => {
    expect(findRequester(text)).toEqual({ forWhom: 'other', label: 'người thân' });
  });

  it.each(['bá', 'alo', 'không biết', 'bà sống một mình', 'con đường làng', ''])('%s → not said', (text) => {
    expect(findRequester(text)).toBeUndefined();
  });
});
