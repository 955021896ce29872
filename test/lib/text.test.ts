import { describe, expect, it } from 'vitest';
import { editDistance, fold, foldDiacritics, hasDiacritics, nfc, syllables } from '../../lib/text.ts';

describe('text normalisation', () => {
  it('folds case, diacritics and đ→d', () => {
    expect(fold('Đăng Ký TRỢ GIÚP pháp lý')).toBe('dang ky tro giup phap ly');
    expect(fold('đường dây nóng')).toBe('duong day nong');
    expect(foldDiacritics('Điều 7.')).toBe('dieu 7.');
  });

  it('turns decomposed input into NFC before folding', () => {
    const decomposed = 'Kiểm tra'.normalize('NFD');
    expect(nfc(decomposed)).toBe('Kiểm tra'.normalize('NFC'));
    expect(fold(decomposed)).toBe('kiem tra');
  });

  it('splits syllables on punctuation', () => {
    expect(syllables('Hộ nghèo, cận-nghèo!')).toEqual(['ho', 'ngheo', 'can', 'ngheo']);
    expect(syllables(' ?! ')).toEqual([]);
  });

  it('tells text with diacritics from text without', () => {
    expect(hasDiacritics('kiem tra')).toBe(false);
    expect(hasDiacritics('kiểm tra')).toBe(true);
    expect(hasDiacritics('dd đ')).toBe(true);
  });

  it('counts edits with transpositions and stops past the bound', () => {
    expect(editDistance('kiem tra', 'kiem tar')).toBe(1);
    expect(editDistance('huy', 'hủy'.normalize('NFC'))).toBe(1);
    expect(editDistance('abc', 'abc')).toBe(0);
    expect(editDistance('menu', 'completely different', 2)).toBe(3);
  });
});
