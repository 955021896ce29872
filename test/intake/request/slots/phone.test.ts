import { describe, expect, it } from 'vitest';
import { findPhone, normalizePhone } from '../../../../intake/request/phone.ts';

describe('findPhone', () => {
  it.each([
    ['số con trai tôi 098.765.4321', '0987654321'],
    ['so con trai toi 098.765.4321', '0987654321'],
    ['goi cho con trai ba so 098 765 4321', '0987654321'],
    ['+84 987 654 321', '0987654321'],
    ['84987654321', '0987654321'],
    ['0987-654-321', '0987654321'],
    ['sđt: 0912345678', '0912345678'],
    ['sdt 0912345678 nha', '0912345678'],
    ['Liên hệ (028) 3822 1234 giờ hành chính', '02838221234'],
    ['gọi 0987654321.', '0987654321'],
    ['năm 2026 0987654321', '0987654321'],
    ['0987654321 2 con', '0987654321'],
    ['số 0987654321, năm nay 75 tuổi', '0987654321'],
    ['098 7654 321 hoặc 0912345678', '0987654321'],
    ['0912345678', '0912345678'],
  ])('%s → %s', (text, phone) => {
    expect(findPhone(text)).toBe(phone);
  });

  it.each([
    'TG-2026-000012',
    'mã hồ sơ TG-2026-000012',
    'sinh năm 1949',
    '30.000.000',
    'vay 300.000.000 đồng',
    '3.000.000.000',
    '098765432',
    'stk 0987654321',
    'số tài khoản 0987654321',
    'cccd 001090012345',
    'cmnd 0912345678',
    'ngày 25/12/2026',
    '1800 1234',
    '0987654321abc',
    'không có',
    '',
  ])('%s → no phone', (text) => {
    expect(findPhone(text)).toBeUndefined();
  });

  it('keeps normalizePhone for a whole answer', () => {
    expect(normalizePhone('0912 345 678')).toBe('0912345678');
    expect(normalizePhone('số 0912 345 678')).toBeUndefined();
  });
});
