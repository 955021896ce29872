import { describe, expect, it } from 'vitest';
import { CRIMINAL_ROLES } from '../../../../intake/eligibility/facts.ts';
import { FOUND_CRIMINAL_ROLES, findCriminalRole } from '../../../../intake/request/slots/criminal-role.ts';

describe('findCriminalRole', () => {
  it.each([
    ['bị công an bắt', 'arrested'],
    ['bi cong an bat', 'arrested'],
    ['con tôi 15 tuổi bị công an bắt vì trộm xe', 'arrested'],
    ['đang bị tạm giữ', 'emergency_detained'],
    ['dang bi tam giu', 'emergency_detained'],
    ['bị giữ khẩn cấp', 'emergency_detained'],
    ['bị tạm giam', 'accused'],
    ['bi tam giam', 'accused'],
    ['bị khởi tố', 'accused'],
    ['bi khoi to', 'accused'],
    ['bị can', 'accused'],
    ['bi can', 'accused'],
    ['bị cáo', 'accused'],
    ['bi cao', 'accused'],
    ['bị bắt rồi bị tạm giam', 'accused'],
    ['bị hại', 'victim'],
    ['bi hai', 'victim'],
    ['bị đánh', 'victim'],
    ['bi danh', 'victim'],
    ['bị lừa', 'victim'],
    ['bi lua mat 30 trieu', 'victim'],
    ['tôi bị đánh, người đánh tôi đã bị bắt', 'victim'],
    ['làm chứng', 'witness'],
    ['lam chung', 'witness'],
    ['được mời làm chứng', 'witness'],
    ['bị tố giác', 'denounced'],
    ['bi to giac', 'denounced'],
    ['bị kiến nghị khởi tố', 'denounced'],
    ['xử lý chuyển hướng', 'diversion'],
    ['xu ly chuyen huong', 'diversion'],
    ['bị xử lý chuyển hướng', 'diversion'],
    ['đang ở tù', 'prisoner'],
    ['dang o tu', 'prisoner'],
    ['chồng tôi đang chấp hành án phạt tù', 'prisoner'],
  ])('%s → %s', (text, role) => {
    expect(findCriminalRole(text)).toBe(role);
  });

  it.each([
    'không bị bắt',
    'chưa bị khởi tố',
    'bị bắt nạt ở trường',
    'bi cao huyet ap',
    'bị đánh giá thấp',
    'bị tạm giữ xe máy',
    'bị xử phạt hành chính',
    'ly hôn chia tài sản',
    'tranh chấp đất đai',
    'bắt đầu từ năm ngoái',
    '',
  ])('%s → no role', (text) => {
    expect(findCriminalRole(text)).toBeUndefined();
  });

  it('uses the eligibility roles, plus arrested', () => {
    for (const role of FOUND_CRIMINAL_ROLES) {
      if (role !== 'arrested') expect(CRIMINAL_ROLES).toContain(role);
    }
  });
});
