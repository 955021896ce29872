import { describe, expect, it } from 'vitest';
import { findAge } from '../../../../intake/request/slots/age.ts';
import { numberFromWords } from '../../../../intake/request/slots/vietnamese-number.ts';

const TODAY = '2026-11-21';

describe('findAge', () => {
  it.each([
    ['75 tuổi', 75],
    ['75 tuoi', 75],
    ['75t', 75],
    ['bà 75t rồi', 75],
    ['bảy mươi lăm tuổi', 75],
    ['bay muoi lam tuoi', 75],
    ['bảy lăm tuổi', 75],
    ['bà tôi tám tư rồi', 84],
    ['bay lam tuoi', 75],
    ['bảy mươi mốt', 71],
    ['bay muoi mot', 71],
    ['sáu mươi tư', 64],
    ['sau muoi tu tuoi', 64],
    ['năm nay 80', 80],
    ['nam nay 80', 80],
    ['năm nay bà tôi đã 80 rồi', 80],
    ['năm nay bảy mươi', 70],
    ['ngoài 70', 70],
    ['ngoai 70 roi', 70],
    ['hơn 70 tuổi', 70],
    ['gần 80 tuổi', 79],
    ['dưới 18 tuổi', 17],
    ['16 tuổi', 16],
    ['mười sáu tuổi', 16],
    ['muoi sau tuoi', 16],
    ['con tôi 15 tuổi', 15],
    ['con toi 15 tuoi', 15],
    ['bà 75 tuổi, nhà cận nghèo', 75],
    ['năm mươi lăm tuổi', 55],
    ['ba nam muoi tuoi', 50], // "bà năm mươi tuổi": "ba" is not read as a digit here
    ['ba bảy mươi tuổi', 70],
    ['hăm lăm tuổi', 25],
    ['một trăm linh hai tuổi', 102],
    ['bà tôi bảy mươi mốt', 71],
    ['tuổi: 75', 75],
    ['con 3 tháng tuổi', 0],
  ])('%s → age %i', (text, age) => {
    expect(findAge(text, TODAY)).toEqual({ age, birthYear: 2026 - age, source: 'age' });
  });

  it.each([
    ['sinh năm 1949', 1949],
    ['sinh nam 1949', 1949],
    ['sn 1949', 1949],
    ['SN: 1949', 1949],
    ['sinh năm 49', 1949],
    ['sinh năm 05', 2005],
    ['năm sinh 1958', 1958],
    ['nam sinh 1958', 1958],
    ['1958', 1958],
    ['năm 1958 ạ', 1958],
    ['sinh ngày 12/3/1950', 1950],
    ['sinh năm một chín bốn chín', 1949],
    ['sinh nam mot chin bon chin', 1949],
    ['sinh năm bốn chín', 1949],
    ['sinh năm hai nghìn không trăm linh năm', 2005],
    ['tôi tên Hoa, sn 1960, ở Sơn La', 1960],
  ])('%s → born %i', (text, birthYear) => {
    expect(findAge(text, TODAY)).toEqual({ age: 2026 - birthYear, birthYear, source: 'birth_year' });
  });

  it.each([
    '3 tháng',
    'nợ 3 tháng rồi',
    '30 triệu',
    'hơn 30 triệu',
    'mất bảy mươi triệu',
    '098.765.4321',
    '0987654321',
    '2 con',
    'nhà có 2 con',
    'ngày 25/12',
    'ngày hai mươi lăm tháng mười hai',
    'lương 5t/tháng',
    'hai ba người',
    'năm nay 2026',
    'sinh 2 con',
    '1800',
    'TG-2026-000012',
    'bao nhiêu tuổi thì được',
    // Without diacritics "tam tu" is "trung tâm từ chối", not "tám tư" (84).
    'bi trung tam tu choi thi lam sao',
    '',
  ])('%s → no age', (text) => {
    expect(findAge(text, TODAY)).toBeUndefined();
  });

  it('reads a whole message that is a number as an age, unless told not to', () => {
    expect(findAge('75', TODAY)).toEqual({ age: 75, birthYear: 1951, source: 'age' });
    expect(findAge('75 ạ', TODAY)?.age).toBe(75);
    expect(findAge('bảy mươi lăm', TODAY)?.age).toBe(75);
    expect(findAge('200', TODAY)).toBeUndefined();
    expect(findAge('2', TODAY, { bareNumber: false })).toBeUndefined();
    expect(findAge('75', TODAY, { bareNumber: false })).toBeUndefined();
  });

  it('rejects a malformed today', () => {
    expect(() => findAge('75 tuổi', '21/11/2026')).toThrow(/YYYY-MM-DD/u);
  });
});

describe('numberFromWords', () => {
  it.each([
    ['bảy mươi lăm', 75],
    ['bay muoi lam', 75],
    ['bảy lăm', 75],
    ['bẩy mươi', 70],
    ['sáu mươi tư', 64],
    ['bảy mươi mốt', 71],
    ['hai mươi mốt', 21],
    ['hai mươi một', 21],
    ['chín nhăm', 95],
    ['mười', 10],
    ['mười lăm', 15],
    ['mười một', 11],
    ['hăm mốt', 21],
    ['một trăm', 100],
    ['một trăm linh năm', 105],
    ['một trăm lẻ tư', 104],
    ['một trăm hai mươi', 120],
    ['hai nghìn không trăm linh năm', 2005],
    ['một nghìn chín trăm bốn mươi chín', 1949],
    ['hai ngàn', 2000],
  ])('%s → %i', (text, value) => {
    expect(numberFromWords(text)).toBe(value);
  });

  it.each(['hai mươi năm', 'bà', 'bá', 'mười năm', 'ba năm', 'năm nay', ''])('%s is not a number', (text) => {
    expect(numberFromWords(text)).toBeUndefined();
  });
});
