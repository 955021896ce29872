import { describe, expect, it } from 'vitest';
import { staffOnly } from '../../knowledge/staff-only-articles.ts';

describe('articles on running the service (staff-only-articles.yaml)', () => {
  it('marks collaborators’ cards, trainees, fee accounting and branch mergers, not what citizens ask about', () => {
    expect(staffOnly({ document: '144/2017/NĐ-CP', article: '19' })).toBe(true); // cấp lại thẻ cộng tác viên
    expect(staffOnly({ document: '144/2017/NĐ-CP', article: '9' })).toBe(true); // sáp nhập Chi nhánh
    expect(staffOnly({ document: '08/2017/TT-BTP', article: '25a' })).toBe(true); // thay đổi người hướng dẫn tập sự
    expect(staffOnly({ document: '02/2021/TT-BTP', article: '10' })).toBe(true); // khoán chi
    expect(staffOnly({ document: '11/2017/QH14', article: '7' })).toBe(false);
    expect(staffOnly({ document: '144/2017/NĐ-CP', article: '2' })).toBe(false); // khó khăn về tài chính
    expect(staffOnly({ document: '08/2017/TT-BTP', article: '33' })).toBe(false); // giấy tờ chứng minh
    expect(staffOnly({ document: '12/2018/TT-BTP', article: '9' })).toBe(false); // thay đổi người thực hiện
  });
});
