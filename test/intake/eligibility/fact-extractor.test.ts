import { describe, expect, it } from 'vitest';
import { extractFacts } from '../../../intake/eligibility/fact-extractor.ts';

const YEAR = 2026;

describe('facts picked up from free text', () => {
  it.each([
    ['tôi là người dân tộc Mông', { ethnicMinority: true }],
    ['toi la nguoi dan toc mong', { ethnicMinority: true }],
    ['Tôi là người H\'Mông', { ethnicMinority: true }],
    ['em la nguoi Ede', { ethnicMinority: true }],
    ['em là người Ê Đê', { ethnicMinority: true }],
    ['tôi là người Kinh', { ethnicMinority: false }],
    ['nhà tôi hộ nghèo', { household: 'poor' }],
    ['nha toi ho ngheo', { household: 'poor' }],
    ['nhà tôi hộ cận nghèo', { household: 'near_poor' }],
    ['NHA TOI HO CAN NGHEO', { household: 'near_poor' }],
    ['nhà tôi không phải hộ nghèo', { household: 'none' }],
    ['bà tôi 75 tuổi', { age: 75 }],
    ['ba toi 75 tuoi', { age: 75 }],
    ['tôi sinh năm 1950', { age: 76 }],
    ['toi sinh nam 1950, bi khuyet tat', { age: 76, disability: true }],
    ['tôi không bị khuyết tật', { disability: false }],
    ['tôi bị chồng đánh', { domesticViolenceVictim: true }],
    ['toi bi lua ban sang trung quoc', { traffickingVictim: true }],
    ['con tôi 17 tuổi, là người làm chứng', { age: 17, criminalRole: 'witness' }],
    ['bố tôi là thương binh', { meritorious: true }],
    ['mẹ tôi là vợ liệt sĩ', { martyrFamily: true }],
    ['ông tôi bị nhiễm chất độc da cam', { agentOrange: true }],
    ['tôi đang hưởng trợ cấp xã hội hàng tháng', { monthlySocialAllowance: true }],
    ['em bị nhiễm HIV', { hiv: true }],
    ['nhà ở xã đặc biệt khó khăn', { disadvantagedArea: true }],
    ['người có nhà ở gần chợ', {}],
    ['tôi muốn hỏi về đất đai', {}],
    ['', {}],
  ])('"%s"', (text, expected) => {
    expect(extractFacts(text, YEAR)).toEqual(expected);
  });
});
