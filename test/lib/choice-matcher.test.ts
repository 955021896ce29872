import { describe, expect, it } from 'vitest';
import { matchChoice } from '../../lib/choice-matcher.ts';
import { loadMenu } from '../../bot/menu.ts';
import { globalCommandOf } from '../../bot/global-commands.ts';

const menu = loadMenu();

describe('menu matching', () => {
  it.each([
    ['2'],
    ['số 2'],
    ['kiem tra'],
    ['Kiểm Tra'],
    ['kiểm tr'],
    ['kiem tar'],
    ['KIEM TRA DIEN'],
    ['tôi muốn kiểm tra xem có được trợ giúp không'],
  ])('"%s" picks the eligibility check', (input) => {
    expect(matchChoice(input, menu)?.id).toBe('check');
  });

  it.each([
    ['1', 'ask'],
    ['hoi dap', 'ask'],
    ['gui yeu cau', 'request'],
    ['tra cuu', 'lookup'],
    ['tra cứu', 'lookup'],
    ['gap can bo', 'staff'],
    ['duong day nong', 'staff'],
    ['gioi thieu', 'about'],
    ['6', 'about'],
  ])('"%s" picks %s', (input, id) => {
    expect(matchChoice(input, menu)?.id).toBe(id);
  });

  it('picks nothing for unrelated words, numbers out of range or empty input', () => {
    expect(matchChoice('thời tiết hôm nay', menu)).toBeUndefined();
    expect(matchChoice('9', menu)).toBeUndefined();
    expect(matchChoice('   ', menu)).toBeUndefined();
    expect(matchChoice('🙂🙂', menu)).toBeUndefined();
  });
});

describe('global commands', () => {
  it.each([
    ['menu', 'menu'],
    ['Bắt đầu lại', 'menu'],
    ['bat dau lai', 'menu'],
    ['quay lại', 'back'],
    ['quay lai', 'back'],
    ['quay lai.', 'back'],
    ['hủy', 'cancel'],
    ['Huỷ', 'cancel'],
    ['huy', 'cancel'],
    ['gặp cán bộ', 'staff'],
    ['gap can bo', 'staff'],
    ['trợ giúp', 'help'],
    ['tro giup', 'help'],
  ])('"%s" is %s', (input, id) => {
    expect(globalCommandOf(input)).toBe(id);
  });

  it('needs the whole message to be the command', () => {
    expect(globalCommandOf('tôi muốn hủy hợp đồng mua bán đất')).toBeUndefined();
    expect(globalCommandOf('trợ giúp pháp lý là gì')).toBeUndefined();
    expect(globalCommandOf('2')).toBeUndefined();
  });
});

describe('diacritics are evidence', () => {
  it('"đúng" is not "dừng": a word typed with diacritics matches only the same diacritics', () => {
    expect(globalCommandOf('đúng')).toBeUndefined();
    expect(globalCommandOf('Đúng rồi')).toBeUndefined();
    expect(globalCommandOf('dừng')).toBe('cancel');
    expect(globalCommandOf('dừng lại')).toBe('cancel');
    expect(matchChoice('đúng', [{ id: 'stop', label: 'dừng' }, { id: 'ok', label: 'đúng' }])?.id).toBe('ok');
  });

  it('a word typed without diacritics is compared folded, so it may mean either', () => {
    expect(matchChoice('dung', [{ id: 'stop', label: 'dừng' }])?.id).toBe('stop');
    expect(matchChoice('dung', [{ id: 'stop', label: 'dừng' }, { id: 'ok', label: 'đúng' }])).toBeUndefined();
  });

  it('short words forgive no typo: "cho ba" / "cho bà" are not "chào bạn"', () => {
    expect(globalCommandOf('cho ba')).toBeUndefined();
    expect(globalCommandOf('cho bà')).toBeUndefined();
    expect(globalCommandOf('alo')).toBe('greet');
    expect(globalCommandOf('chao ban')).toBe('greet');
  });
});
