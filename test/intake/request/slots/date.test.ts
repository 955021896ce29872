import { describe, expect, it } from 'vitest';
import { findDate, parseDateInput } from '../../../../intake/request/date-input.ts';

const TODAY = '2026-11-21'; // a Saturday

describe('parseDateInput: a whole answer', () => {
  it.each([
    // numbers (the forms read before)
    ['25/12/2026', '2026-12-25'],
    ['25-12-2026', '2026-12-25'],
    ['25.12.2026', '2026-12-25'],
    ['25/12/26', '2026-12-25'],
    ['25/12', '2026-12-25'],
    ['1/2', '2027-02-01'],
    ['2026-12-25', '2026-12-25'],
    ['ngày 3/1', '2027-01-03'],
    // relative days
    ['hôm nay', '2026-11-21'],
    ['hom nay', '2026-11-21'],
    ['ngày mai', '2026-11-22'],
    ['ngay mai', '2026-11-22'],
    ['mai', '2026-11-22'],
    ['Mai ạ', '2026-11-22'],
    ['sáng mai', '2026-11-22'],
    ['ngày kia', '2026-11-23'],
    ['ngay kia', '2026-11-23'],
    ['mốt', '2026-11-23'],
    ['ngày mốt', '2026-11-23'],
    ['mot', '2026-11-23'],
    ['vào ngày mai ạ', '2026-11-22'],
    // weekdays and weeks (weeks start on Monday; 2026-11-16 … 22 is this week)
    ['thứ 6 tuần sau', '2026-11-27'],
    ['thu 6 tuan sau', '2026-11-27'],
    ['thứ sáu tuần sau', '2026-11-27'],
    ['thứ sáu tuần này', '2026-11-20'],
    ['thu sau tuan nay', '2026-11-20'],
    ['thứ 2', '2026-11-23'],
    ['thứ hai', '2026-11-23'],
    ['thứ 7', '2026-11-28'], // today is Saturday: the next one
    ['thứ 7 này', '2026-11-21'],
    ['thứ bảy tuần sau', '2026-11-28'],
    ['chủ nhật', '2026-11-22'],
    ['chu nhat', '2026-11-22'],
    ['t6 tuần sau', '2026-11-27'],
    ['t6', '2026-11-27'],
    ['cn', '2026-11-22'],
    ['tuần sau', '2026-11-23'],
    ['tuan toi', '2026-11-23'],
    ['thứ 4 tuần sau nữa', '2026-12-02'],
    ['cuối tuần', '2026-11-21'],
    ['đầu tuần sau', '2026-11-23'],
    // months
    ['cuối tháng', '2026-11-30'],
    ['cuoi thang', '2026-11-30'],
    ['cuối tháng sau', '2026-12-31'],
    ['đầu tháng sau', '2026-12-01'],
    ['cuối tháng 2', '2027-02-28'],
    ['25 tháng 12', '2026-12-25'],
    ['25 thang 12', '2026-12-25'],
    ['ngày 25 tháng 12 năm 2027', '2027-12-25'],
    ['ngày 5 tháng sau', '2026-12-05'],
    ['ngay 5 thang sau', '2026-12-05'],
    ['ngày hai mươi lăm tháng mười hai', '2026-12-25'],
    ['mùng 5', '2026-12-05'],
    ['ngày 30', '2026-11-30'],
    ['thứ 6 ngày 25/12', '2026-12-25'],
  ])('%s → %s', (text, date) => {
    expect(parseDateInput(text, TODAY)).toBe(date);
  });

  it.each(['31/02/2027', 'không biết', 'ngày mai tòa xử', '3 tháng', 'tháng 12', 'lần thứ 2', 'một', 'ngày một', ''])(
    '%s → not a whole date',
    (text) => {
      expect(parseDateInput(text, TODAY)).toBeUndefined();
    },
  );
});

describe('findDate: inside a sentence', () => {
  it.each([
    ['ngày mai tòa xử', '2026-11-22'],
    ['ngay mai toa xu', '2026-11-22'],
    ['mai tòa xử rồi, giúp tôi với', '2026-11-22'],
    ['tòa xử ngày 3/1', '2027-01-03'],
    ['toa xu ngay 3/1', '2027-01-03'],
    ['tòa hẹn thứ 6 tuần sau lên làm việc', '2026-11-27'],
    ['hạn nộp đơn là cuối tháng', '2026-11-30'],
    ['công an mời lên ngày 5 tháng sau', '2026-12-05'],
    ['hôm qua tôi nhận giấy triệu tập, ngày mai tòa xử', '2026-11-22'],
    ['sinh ngày 12/3/1950, tòa xử 25/12', '2026-12-25'],
    ['phiên tòa ngày 25-12-2026 lúc 8h', '2026-12-25'],
  ])('%s → %s', (text, date) => {
    expect(findDate(text, TODAY)).toBe(date);
  });

  it.each([
    'bà tôi bảy mươi mốt tuổi',
    'chi phí mai táng ai trả',
    'cô Mai hẹn tôi',
    'mai mốt tôi lên',
    'tôi nộp đơn lần thứ 2 rồi',
    'con thứ hai của tôi',
    'nợ 3 tháng sau mới trả',
    'vay 2.5 triệu',
    'được chia 1/2 số tiền',
    'số 098.765.4321',
    'mã hồ sơ TG-2026-000012',
    'lương 5 triệu một tháng',
    'một ngày 2 lần',
    'ngày một khó khăn',
    'tôi là cn nhà máy',
  ])('%s → no date', (text) => {
    expect(findDate(text, TODAY)).toBeUndefined();
  });

  it('counts weekdays from another today', () => {
    const monday = '2026-11-23';
    expect(findDate('thứ 2', monday)).toBe('2026-11-30');
    expect(findDate('thứ 2 tuần này', monday)).toBe('2026-11-23');
    expect(findDate('chủ nhật tuần này', monday)).toBe('2026-11-29');
    expect(findDate('thứ 6', monday)).toBe('2026-11-27');
    expect(findDate('cuối tháng', '2027-02-10')).toBe('2027-02-28');
    expect(findDate('cuối tháng', '2028-02-10')).toBe('2028-02-29');
    expect(findDate('ngày mai', '2026-12-31')).toBe('2027-01-01');
  });
});
