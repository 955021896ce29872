import { describe, expect, it } from 'vitest';
import { findName } from '../../../../intake/request/slots/name.ts';

describe('findName', () => {
  it.each([
    ['tên tôi là Lò Văn Páo', 'Lò Văn Páo'],
    ['ten toi la Lo Van Pao', 'Lo Van Pao'],
    ['tôi tên Nguyễn Thị Hoa', 'Nguyễn Thị Hoa'],
    ['toi ten Nguyen Thi Hoa', 'Nguyen Thi Hoa'],
    ['họ tên: Trần Văn A', 'Trần Văn A'],
    ['ho ten: Tran Van A', 'Tran Van A'],
    ['mẹ tôi tên là Lê Thị B', 'Lê Thị B'],
    ['tên mẹ tôi là Lê Thị Bình', 'Lê Thị Bình'],
    ['em tên là Thào Thị Dợ ạ', 'Thào Thị Dợ'],
    ['tên tôi là hoa', 'Hoa'],
    ['tên tôi là Hoa, năm nay 30', 'Hoa'],
    ['ten toi la lo van pao nam nay 70 tuoi', 'Lo Van Pao'],
    ['tên tôi là nguyễn văn an ở xã Mường Phăng', 'Nguyễn Văn An'],
    ['Tên: Hoàng Thị Mai. SĐT 0912345678', 'Hoàng Thị Mai'],
    ['tôi là Nguyễn Văn An, sinh năm 1950', 'Nguyễn Văn An'],
    ['Lò Văn Páo', 'Lò Văn Páo'],
    ['nguyen van an', 'Nguyen Van An'],
    ['nguyễn văn an', 'Nguyễn Văn An'],
    ['Nguyễn văn an', 'Nguyễn Văn An'],
    ['NGUYỄN VĂN AN', 'Nguyễn Văn An'],
    ['H\'Hen Niê', 'H\'Hen Niê'],
    ['  Trần   Thị  Thu  ', 'Trần Thị Thu'],
    // without diacritics, name syllables that are also words ("thi", "nam", "minh", "chau", "huy")
    ['nguyen thi phuong', 'Nguyen Thi Phuong'],
    ['vo thi minh chau', 'Vo Thi Minh Chau'],
    ['dang van huy', 'Dang Van Huy'],
    ['ten toi la nguyen van nam nam nay 70', 'Nguyen Van Nam'],
    ['ten toi la lo van pao o xa muong phang', 'Lo Van Pao'],
    ['tên tôi là Nguyễn Văn Nam năm nay 70', 'Nguyễn Văn Nam'],
  ])('%s → %s', (text, name) => {
    expect(findName(text)).toBe(name);
  });

  it.each([
    'không biết',
    'khong biet',
    'Không Biết',
    'cho mẹ tôi',
    'Cho Mẹ Tôi',
    'cho me toi',
    'vâng',
    'ok ban',
    'alo',
    'có',
    'ok',
    'Xin chào',
    '12345',
    '0912345678',
    'Hoa', // one word alone could be anything
    'tôi là người dân tộc',
    'tên trộm lấy xe',
    'tên là gì',
    'hỏi về đất đai',
    'ly hon',
    '',
  ])('%s → no name', (text) => {
    expect(findName(text)).toBeUndefined();
  });
});
