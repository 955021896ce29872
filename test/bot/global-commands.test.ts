import { describe, expect, it } from 'vitest';
import { globalCommandOf } from '../../bot/global-commands.ts';

describe('words that work anywhere', () => {
  it.each([
    ['dữ liệu của tôi', 'my_data'],
    ['du lieu cua toi', 'my_data'],
    ['Dữ Liệu Của Tôi', 'my_data'],
    ['thông tin của tôi', 'my_data'],
    ['xóa dữ liệu của tôi', 'erase_data'],
    ['xoá dữ liệu của tôi', 'erase_data'],
    ['xoa du lieu cua toi', 'erase_data'],
    ['Xóa thông tin của tôi', 'erase_data'],
    ['xoa du lieu', 'erase_data'],
    ['rút lại đồng ý', 'withdraw_consent'],
    ['rut lai dong y', 'withdraw_consent'],
    ['không đồng ý nữa', 'withdraw_consent'],
    ['khong dong y nua', 'withdraw_consent'],
    ['tôi không đồng ý nữa', 'withdraw_consent'],
    ['hủy', 'cancel'],
    ['quay lại', 'back'],
  ])('"%s" → %s', (text, id) => {
    expect(globalCommandOf(text)).toBe(id);
  });

  it.each(['xóa', 'dữ liệu', 'đồng ý', 'không đồng ý', 'tôi muốn hỏi về dữ liệu của tôi ở tòa án'])('"%s" is not one of them', (text) => {
    expect(['my_data', 'erase_data', 'withdraw_consent']).not.toContain(globalCommandOf(text));
  });
});
