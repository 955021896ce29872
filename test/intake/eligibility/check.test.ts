import { describe, expect, it } from 'vitest';
import { checkEligibility, EligibilityDateError } from '../../../intake/eligibility/check.ts';
import { parseFacts, type Facts } from '../../../intake/eligibility/facts.ts';
import { EligibilityChecker } from '../../../intake/eligibility/checker.ts';
import { nextQuestion, questionAsks } from '../../../intake/eligibility/questions.ts';
import { rankAsks } from '../../../intake/eligibility/ranking.ts';
import { loadEligibilityRules } from '../../../intake/eligibility/rules.ts';

const rules = loadEligibilityRules();
const TODAY = '2026-11-21';

/** Every fact given and ruling out every group: a 30-year-old Kinh person with no special status. */
const NONE: Facts = {
  age: 30,
  household: 'none',
  monthlySocialAllowance: false,
  meritorious: false,
  martyrFamily: false,
  agentOrange: false,
  disability: false,
  domesticViolenceVictim: false,
  traffickingVictim: false,
  traffickingBeingIdentified: false,
  accompanyingTraffickingVictim: false,
  hiv: false,
  ethnicMinority: false,
  disadvantagedArea: false,
  criminalRole: 'none',
};
const near = { household: 'near_poor' } as const;
const noMoney = { household: 'none', monthlySocialAllowance: false } as const;

type Case = [string, Facts, string, 'eligible' | 'ineligible' | 'more_info', string[]];

const cases: Case[] = [
  ['người có công, 2019', { ...NONE, meritorious: true }, '2019-05-01', 'eligible', ['7.1']],
  ['người có công, 2026', { meritorious: true }, '2026-03-01', 'eligible', ['7.1']],
  ['hộ nghèo, 2020', { household: 'poor' }, '2020-01-01', 'eligible', ['7.2']],
  ['hộ nghèo, 2026', { ...NONE, household: 'poor' }, '2026-06-01', 'eligible', ['7.2']],
  ['trẻ em 10 tuổi, ngày luật có hiệu lực', { age: 10 }, '2018-01-01', 'eligible', ['7.3']],
  ['trẻ em 15 tuổi, 2026', { ...NONE, age: 15 }, '2026-01-01', 'eligible', ['7.3']],
  ['16 tuổi, không gì khác', { ...NONE, age: 16 }, '2026-01-01', 'ineligible', []],
  ['dân tộc thiểu số ở vùng ĐBKK', { ethnicMinority: true, disadvantagedArea: true }, '2024-01-01', 'eligible', ['7.4']],
  ['dân tộc thiểu số không ở vùng ĐBKK', { ...NONE, ethnicMinority: true }, '2024-01-01', 'ineligible', []],
  ['17 tuổi bị buộc tội, 2025', { age: 17, criminalRole: 'accused' }, '2025-06-01', 'eligible', ['7.5']],
  ['17 tuổi bị buộc tội, 2026', { age: 17, criminalRole: 'accused' }, '2026-02-01', 'eligible', ['7.5']],
  ['17 tuổi làm chứng, 31/12/2025', { ...NONE, age: 17, criminalRole: 'witness' }, '2025-12-31', 'ineligible', []],
  ['17 tuổi làm chứng, 01/01/2026', { ...NONE, age: 17, criminalRole: 'witness' }, '2026-01-01', 'eligible', ['7.5']],
  ['16 tuổi bị hại cận nghèo, 2025', { ...NONE, age: 16, criminalRole: 'victim', ...near }, '2025-05-01', 'eligible', ['7.7dd']],
  ['16 tuổi bị hại cận nghèo, 2026', { ...NONE, age: 16, criminalRole: 'victim', ...near }, '2026-01-01', 'eligible', ['7.5']],
  ['16 tuổi bị hại không khó khăn, 2025', { ...NONE, age: 16, criminalRole: 'victim' }, '2025-05-01', 'ineligible', []],
  ['17 tuổi bị hại không khó khăn, 2026', { ...NONE, age: 17, criminalRole: 'victim' }, '2026-03-01', 'eligible', ['7.5']],
  ['16 tuổi phạm nhân, 2025', { ...NONE, age: 16, criminalRole: 'prisoner' }, '2025-09-01', 'ineligible', []],
  ['16 tuổi phạm nhân, 2026', { ...NONE, age: 16, criminalRole: 'prisoner' }, '2026-09-01', 'eligible', ['7.5']],
  ['17 tuổi chuyển hướng, 2026', { age: 17, criminalRole: 'diversion' }, '2026-09-01', 'eligible', ['7.5']],
  ['17 tuổi bị tố giác, 2026', { age: 17, criminalRole: 'denounced' }, '2026-09-01', 'eligible', ['7.5']],
  ['17 tuổi bị kiến nghị khởi tố, 2026', { age: 17, criminalRole: 'recommended_for_prosecution' }, '2026-09-01', 'eligible', ['7.5']],
  ['17 tuổi bị giữ khẩn cấp, 2026', { age: 17, criminalRole: 'emergency_detained' }, '2026-09-01', 'eligible', ['7.5']],
  ['17 tuổi bị giữ khẩn cấp, 2025', { ...NONE, age: 17, criminalRole: 'emergency_detained' }, '2025-09-01', 'ineligible', []],
  ['bị buộc tội cận nghèo, 2020', { ...NONE, criminalRole: 'accused', ...near }, '2020-01-01', 'eligible', ['7.6']],
  ['bị buộc tội cận nghèo, 2026', { criminalRole: 'accused', ...near }, '2026-01-01', 'eligible', ['7.6']],
  ['bị buộc tội không cận nghèo', { ...NONE, criminalRole: 'accused' }, '2026-01-01', 'ineligible', []],
  ['nạn nhân mua bán người không khó khăn, 30/06/2025', { ...NONE, traffickingVictim: true, ...noMoney }, '2025-06-30', 'ineligible', []],
  ['nạn nhân mua bán người không khó khăn, 01/07/2025', { ...NONE, traffickingVictim: true, ...noMoney }, '2025-07-01', 'eligible', ['7.6a']],
  ['nạn nhân mua bán người cận nghèo, 2025-06', { traffickingVictim: true, ...near }, '2025-06-01', 'eligible', ['7.7g']],
  ['nạn nhân mua bán người cận nghèo, 2025-07', { traffickingVictim: true, ...near }, '2025-07-01', 'eligible', ['7.6a']],
  ['thân nhân liệt sĩ cận nghèo', { martyrFamily: true, ...near }, '2022-01-01', 'eligible', ['7.7a']],
  ['thân nhân liệt sĩ không khó khăn', { ...NONE, martyrFamily: true }, '2022-01-01', 'ineligible', []],
  ['nhiễm chất độc da cam, trợ cấp hàng tháng', { agentOrange: true, monthlySocialAllowance: true }, '2026-01-01', 'eligible', ['7.7b']],
  ['người cao tuổi 60, cận nghèo', { ...NONE, age: 60, ...near }, '2026-01-01', 'eligible', ['7.7c']],
  ['59 tuổi, cận nghèo', { ...NONE, age: 59, ...near }, '2026-01-01', 'ineligible', []],
  ['người cao tuổi, chưa rõ hộ', { age: 75 }, '2026-01-01', 'more_info', []],
  ['người khuyết tật, trợ cấp hàng tháng', { disability: true, monthlySocialAllowance: true }, '2019-01-01', 'eligible', ['7.7d']],
  ['người khuyết tật không khó khăn', { ...NONE, disability: true }, '2019-01-01', 'ineligible', []],
  ['nạn nhân bạo lực gia đình, cận nghèo', { domesticViolenceVictim: true, ...near }, '2026-01-01', 'eligible', ['7.7e']],
  ['nhiễm HIV, trợ cấp, 2018', { hiv: true, monthlySocialAllowance: true }, '2018-06-01', 'eligible', ['7.7h']],
  ['nhiễm HIV, trợ cấp, 2026', { hiv: true, monthlySocialAllowance: true }, '2026-06-01', 'eligible', ['7.7h']],
  ['trẻ em hộ nghèo: hai diện', { household: 'poor', age: 10 }, '2026-01-01', 'eligible', ['7.2', '7.3']],
  ['cao tuổi hộ nghèo: chỉ diện hộ nghèo', { ...NONE, age: 80, household: 'poor' }, '2026-01-01', 'eligible', ['7.2']],
  ['17 tuổi bị buộc tội cận nghèo, 2025', { ...NONE, age: 17, criminalRole: 'accused', ...near }, '2025-01-01', 'eligible', ['7.5', '7.6']],
  ['không biết gì', {}, '2026-01-01', 'more_info', []],
  // Khoản 6a from 01/07/2025 (Luật 53/2024/QH15 Điều 61): also the person being identified as a
  // victim and a person under 18 accompanying them; no financial test. Before it, only điểm g khoản 7.
  ['đang được xác định là nạn nhân, 30/06/2025', { ...NONE, traffickingBeingIdentified: true }, '2025-06-30', 'ineligible', []],
  ['đang được xác định là nạn nhân, 01/07/2025', { ...NONE, traffickingBeingIdentified: true }, '2025-07-01', 'eligible', ['7.6a']],
  ['đang được xác định là nạn nhân, cận nghèo, 30/06/2025', { ...NONE, traffickingBeingIdentified: true, ...near }, '2025-06-30', 'ineligible', []],
  ['17 tuổi đi cùng nạn nhân, 30/06/2025', { ...NONE, age: 17, accompanyingTraffickingVictim: true }, '2025-06-30', 'ineligible', []],
  ['17 tuổi đi cùng nạn nhân, 01/07/2025', { ...NONE, age: 17, accompanyingTraffickingVictim: true }, '2025-07-01', 'eligible', ['7.6a']],
  ['18 tuổi đi cùng nạn nhân, 2026', { ...NONE, age: 18, accompanyingTraffickingVictim: true }, '2026-03-01', 'ineligible', []],
  ['đi cùng nạn nhân, chưa rõ tuổi', { ...NONE, age: undefined, accompanyingTraffickingVictim: true }, '2026-03-01', 'more_info', []],
  ['15 tuổi đi cùng nạn nhân: trẻ em và 6a', { age: 15, accompanyingTraffickingVictim: true }, '2026-03-01', 'eligible', ['7.3', '7.6a']],
  // A 16-year-old arrested or held (người bị bắt, bị tạm giữ = người bị buộc tội, Điều 4 BLTTHS 2015).
  ['16 tuổi bị tạm giữ, 31/12/2025', { ...NONE, age: 16, criminalRole: 'accused' }, '2025-12-31', 'eligible', ['7.5']],
  ['16 tuổi bị tạm giữ, 01/01/2026', { ...NONE, age: 16, criminalRole: 'accused' }, '2026-01-01', 'eligible', ['7.5']],
  ['16 tuổi bị giữ khẩn cấp, 01/01/2026', { ...NONE, age: 16, criminalRole: 'emergency_detained' }, '2026-01-01', 'eligible', ['7.5']],
  ['18 tuổi bị tạm giữ, không cận nghèo', { ...NONE, age: 18, criminalRole: 'accused' }, '2026-01-01', 'ineligible', []],
  ['mọi điều kiện đều không', NONE, '2026-01-01', 'ineligible', []],
];

describe('eligibility under Điều 7 by date', () => {
  it.each(cases)('%s', (_name, facts, date, status, clauses) => {
    const result = checkEligibility(rules, { ...facts, date }, TODAY);
    expect(result.status).toBe(status);
    expect(result.groups.map((g) => g.clause)).toEqual(clauses);
    expect(result.asOf).toBe(date);
    if (status === 'more_info') expect(result.missing.length).toBeGreaterThan(0);
    else expect(result.missing).toEqual([]);
  });

  it('has at least 59 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(59);
  });

  it('asks first about what is most decisive', () => {
    expect(checkEligibility(rules, { age: 75 }, TODAY).missing[0]).toBe('household');
    expect(checkEligibility(rules, { ...NONE, ethnicMinority: true, disadvantagedArea: undefined }, TODAY).missing).toEqual(['disadvantagedArea']);
    const hiv = checkEligibility(rules, { hiv: true }, TODAY).missing;
    expect(hiv.slice(0, 2)).toEqual(['household', 'monthlySocialAllowance']);
  });

  it('treats a fact not given as unknown, not false', () => {
    const result = checkEligibility(rules, { ...NONE, meritorious: undefined }, TODAY);
    expect(result.status).toBe('more_info');
    expect(result.missing).toEqual(['meritorious']);
    // A fact that can no longer change the answer is not asked: not an ethnic minority → the area does not matter.
    expect(checkEligibility(rules, { ...NONE, disadvantagedArea: undefined }, TODAY).status).toBe('ineligible');
  });

  it('says why a rule did not apply on that date', () => {
    const before = checkEligibility(rules, { ...NONE, traffickingVictim: true, date: '2025-06-30' }, TODAY);
    expect(before.reasons.join(' ')).toContain('chỉ áp dụng từ ngày 01/07/2025');
    const witness = checkEligibility(rules, { ...NONE, age: 17, criminalRole: 'witness', date: '2025-12-31' }, TODAY);
    expect(witness.reasons.join(' ')).toContain('chỉ áp dụng từ ngày 01/01/2026');
    const elderly = checkEligibility(rules, { ...NONE, age: 70 }, TODAY);
    expect(elderly.reasons.join(' ')).toContain('cần có khó khăn về tài chính');
  });

  it('cites the amending law for amended clauses', () => {
    const result = checkEligibility(rules, { traffickingVictim: true, date: '2026-01-01' }, TODAY);
    expect(result.groups[0]!.citation).toContain('53/2024/QH15');
    const minor = checkEligibility(rules, { age: 17, criminalRole: 'witness', date: '2026-01-01' }, TODAY);
    expect(minor.groups[0]!.citation).toContain('59/2024/QH15');
  });

  it('uses today when no date is given', () => {
    expect(checkEligibility(rules, { household: 'poor' }, '2026-11-21').asOf).toBe('2026-11-21');
  });

  it('refuses a date before the law with a clear message', () => {
    expect(() => checkEligibility(rules, { date: '2017-12-31' }, TODAY)).toThrow(EligibilityDateError);
    expect(() => checkEligibility(rules, { date: '2017-12-31' }, TODAY)).toThrow(/trước khi Luật Trợ giúp pháp lý 2017 có hiệu lực \(01\/01\/2018\)/u);
  });
});

describe('proof documents per group', () => {
  const docs = (facts: Facts) => checkEligibility(rules, { ...facts, date: '2026-06-01' }, TODAY).documents;

  it('lists the papers of each group met, with their source', () => {
    expect(docs({ household: 'poor' })[0]!.items.join(' ')).toContain('Giấy chứng nhận hộ nghèo');
    expect(docs({ household: 'poor' })[0]!.source).toContain('khoản 2 Điều 33 Thông tư 08/2017/TT-BTP');
    expect(docs({ age: 12 })[0]!.items.join(' ')).toContain('giấy khai sinh');
    expect(docs({ meritorious: true })[0]!.items.join(' ')).toContain('người có công');
    expect(docs({ ethnicMinority: true, disadvantagedArea: true })[0]!.items.join(' ')).toContain('01/2012/TTLT-BTP-UBDT');
    expect(docs({ criminalRole: 'accused', household: 'near_poor' })[0]!.items).toContain('Giấy chứng nhận hộ cận nghèo');
  });

  it('adds the financial proof for groups of khoản 7, and not for 7.6a', () => {
    for (const facts of [
      { disability: true, monthlySocialAllowance: true },
      { hiv: true, household: 'near_poor' },
      { age: 65, household: 'near_poor' },
      { domesticViolenceVictim: true, household: 'near_poor' },
    ] as Facts[]) {
      const [doc] = docs(facts);
      expect(doc!.items.join(' ')).toContain('Quyết định hưởng trợ cấp xã hội hàng tháng');
      expect(doc!.source).toContain('khoản 7 điểm a');
    }
    const [trafficking] = docs({ traffickingVictim: true });
    expect(trafficking!.items.join(' ')).toContain('Không cần giấy tờ chứng minh khó khăn về tài chính');
  });

  it('lists one set of papers per group met', () => {
    expect(docs({ household: 'poor', age: 10 }).map((d) => d.clause)).toEqual(['7.2', '7.3']);
  });
});

describe('facts input', () => {
  it('names an unknown fact', () => {
    expect(() => parseFacts({ agee: 3 })).toThrow(/không biết thông tin "agee"/u);
  });
  it('names a wrong value', () => {
    expect(() => parseFacts({ household: 'rich' })).toThrow(/"household" không hợp lệ \(cho phép: poor, near_poor, none\)/u);
    expect(() => parseFacts({ date: '2026-02-30' })).toThrow(/date/u);
    expect(() => parseFacts({ age: -1 })).toThrow(/age/u);
    expect(() => parseFacts([1])).toThrow(/đối tượng JSON/u);
  });
  it('accepts null as unknown', () => {
    expect(parseFacts({ age: null, hiv: null })).toEqual({ age: null, hiv: null });
  });
});

describe('why someone is not eligible, in plain words (item 1)', () => {
  it('names the conditions not met, household and money first, each once', () => {
    const result = checkEligibility(rules, NONE, TODAY);
    expect(result.status).toBe('ineligible');
    expect(result.unmet[0]).toBe('không thuộc hộ nghèo');
    expect(result.unmet[1]).toContain('không có khó khăn về tài chính');
    expect(result.unmet[1]).toContain('không thuộc hộ cận nghèo, không hưởng trợ cấp xã hội hàng tháng');
    const all = result.unmet.join('; ');
    expect(all).toContain('không phải trẻ em dưới 16 tuổi');
    expect(all).toContain('chưa đủ 60 tuổi');
    expect(all).toContain('người có công với cách mạng');
    expect(all).toContain('người dân tộc thiểu số');
    // Texts that start alike are said together.
    expect(result.unmet).toContain('không nhiễm chất độc da cam, HIV');
    // "không thuộc hộ cận nghèo" (khoản 6) is said once, inside the financial test.
    expect(result.unmet).not.toContain('không thuộc hộ cận nghèo');
    expect(new Set(result.unmet).size).toBe(result.unmet.length);
    expect(result.reasons.join(' ')).toContain('Điều kiện chưa đáp ứng: không thuộc hộ nghèo;');
  });

  it('gives only the conditions that failed', () => {
    const victim = checkEligibility(rules, { ...NONE, domesticViolenceVictim: true }, TODAY);
    expect(victim.status).toBe('ineligible');
    expect(victim.unmet).not.toContain('không phải nạn nhân bạo lực gia đình');
    expect(victim.unmet.join(' ')).toContain('không có khó khăn về tài chính');
    expect(victim.notes.join(' ')).toContain('Nạn nhân bạo lực gia đình có khó khăn về tài chính: cần có khó khăn về tài chính');
    // Facts never given are not reasons: a 70-year-old whose money was asked, but not the rest.
    const elderly = checkEligibility(rules, { ...NONE, age: 70, disability: undefined }, TODAY);
    expect(elderly.unmet).not.toContain('không phải người khuyết tật');
  });

  it('is empty unless not eligible', () => {
    expect(checkEligibility(rules, { household: 'poor' }, TODAY).unmet).toEqual([]);
    expect(checkEligibility(rules, { age: 75 }, TODAY).unmet).toEqual([]);
  });
});

describe('the most decisive question first (item 1)', () => {
  const next = (facts: Facts, asked: Parameters<typeof nextQuestion>[3] = [], date = TODAY) => nextQuestion(rules, facts, date, asked);

  it('asks the age first while nothing points to a group, then what rules out the most groups', () => {
    expect(next({})).toBe('age');
    expect(rankAsks(rules, {}, TODAY, questionAsks(rules))[0]!.id).toBe('situation');
    // 30 years old: the list of situations rules out five groups of khoản 7 and khoản 1, 6a at once.
    expect(next({ age: 30 })).toBe('situation');
    expect(next({ age: 30 }, ['age', 'situation'])).toBe('household');
  });

  it('asks what completes a group partly met before anything else', () => {
    expect(next({ age: 75 })).toBe('household');
    expect(next({ domesticViolenceVictim: true })).toBe('household');
    expect(next({ domesticViolenceVictim: true, household: 'none' })).toBe('monthlySocialAllowance');
    expect(next({ ethnicMinority: true })).toBe('disadvantagedArea');
    expect(next({ age: 16 })).toBe('criminalRole');
    expect(next({ accompanyingTraffickingVictim: true })).toBe('age');
  });

  it('asks nothing once the result is settled either way', () => {
    expect(next({ household: 'poor' })).toBeUndefined();
    expect(next(NONE)).toBeUndefined();
  });

  it('follows the date: the khoản 6a facts are asked only from 01/07/2025', () => {
    const missing = (date: string) => checkEligibility(rules, { date }, TODAY).missing;
    expect(missing('2025-06-30')).not.toContain('traffickingBeingIdentified');
    expect(missing('2025-06-30')).not.toContain('accompanyingTraffickingVictim');
    expect(missing('2025-07-01')).toContain('traffickingBeingIdentified');
    expect(missing('2025-07-01')).toContain('accompanyingTraffickingVictim');
    // A 17-year-old with no other status: before 01/07/2025 the accompanying question cannot matter.
    const seventeen = { ...NONE, age: 17, accompanyingTraffickingVictim: undefined };
    expect(checkEligibility(rules, { ...seventeen, date: '2025-06-30' }, TODAY).status).toBe('ineligible');
    expect(next(seventeen, [], '2025-07-01')).toBe('accompanyingTraffickingVictim');
  });
});

describe('the check on everything said in a conversation (item 6)', () => {
  const checker = new EligibilityChecker(rules, undefined);

  it('merges facts from several sources, later ones overriding', () => {
    const result = checker.checkFromFacts([{ household: 'poor' }, { age: 75 }, { household: 'near_poor' }], TODAY);
    expect(result.status).toBe('eligible');
    expect(result.groups.map((g) => g.clause)).toEqual(['7.7c']);
    expect(checker.checkFromFacts([{ age: 75, household: 'near_poor' }, { household: null }], TODAY).status).toBe('eligible');
    expect(checker.checkFromFacts({ household: 'poor' }, TODAY).groups.map((g) => g.clause)).toEqual(['7.2']);
  });

  it('reads the facts of each message, oldest first', () => {
    const said = ['bà tôi 75 tuổi', 'nhà tôi hộ nghèo', 'à không, nhà cận nghèo thôi'];
    expect(checker.checkFromMessages(said, TODAY).groups.map((g) => g.clause)).toEqual(['7.7c']);
    const bare = ['ba toi bay muoi lam tuoi', 'chong toi hay say ruou danh toi', 'nha toi can ngheo'];
    expect(checker.checkFromMessages(bare, TODAY).groups.map((g) => g.clause)).toEqual(['7.7c', '7.7e']);
    expect(checker.checkFromMessages(['con tôi 16 tuổi bị công an bắt'], TODAY).groups.map((g) => g.clause)).toEqual(['7.5']);
    expect(checker.checkFromMessages(['nha toi ho ngheo'], TODAY, { age: 40 }).status).toBe('eligible');
  });
});
