import { describe, expect, it } from 'vitest';
import { ageAnswer, ageInSentence } from '../../../intake/eligibility/age-in-text.ts';
import { extractFacts, factsFromMessages, readMessage } from '../../../intake/eligibility/fact-extractor.ts';
import { mergeFacts } from '../../../intake/eligibility/facts.ts';
import { questionFor, readAnswer } from '../../../intake/eligibility/questions.ts';
import { foldDiacritics } from '../../../lib/text.ts';

const YEAR = 2026;
const TODAY = '2026-11-21';

/** Each case with its text as written, and again with no diacritics at all. */
function bothWays(cases: Array<[string, Record<string, unknown>]>): Array<[string, Record<string, unknown>]> {
  return cases.flatMap(([text, facts]) => {
    const bare = foldDiacritics(text);
    return bare === text.toLowerCase() ? [[text, facts]] : [[text, facts], [bare, facts]];
  }) as Array<[string, Record<string, unknown>]>;
}

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
    expect(extractFacts(text, TODAY)).toEqual(expected);
  });
});

describe('several facts in one sentence (item 2)', () => {
  it.each(
    bothWays([
      ['bà 75 tuổi, nhà cận nghèo, có được giúp miễn phí không', { age: 75, household: 'near_poor' }],
      ['Bà tôi bảy mươi lăm tuổi, nhà hộ nghèo', { age: 75, household: 'poor' }],
      ['bảy mươi lăm tuổi', { age: 75 }],
      ['mẹ tôi sáu mươi tư tuổi, bị khuyết tật', { age: 64, disability: true }],
      ['con tôi mười sáu tuổi bị công an bắt', { age: 16, criminalRole: 'accused' }],
      ['năm ngoái nhà tôi hộ nghèo, năm nay cận nghèo', { household: 'near_poor' }],
      ['nhà cận nghèo chứ không phải hộ nghèo', { household: 'near_poor' }],
    ]),
  )('"%s"', (text, expected) => {
    expect(extractFacts(text, TODAY)).toEqual(expected);
  });
});

describe('domestic violence in people\'s words, as data (item 2)', () => {
  it.each(
    bothWays([
      ['Chồng tôi hay uống rượu rồi đánh đập tôi', { domesticViolenceVictim: true }],
      ['chồng hay say rượu đánh', { domesticViolenceVictim: true }],
      ['tôi bị chồng đánh đập suốt', { domesticViolenceVictim: true }],
      ['chồng đánh tôi', { domesticViolenceVictim: true }],
      ['em bị bạo hành', { domesticViolenceVictim: true }],
      ['tôi bị vợ đánh', { domesticViolenceVictim: true }],
      ['vợ đánh tôi gãy tay', { domesticViolenceVictim: true }],
      ['nạn nhân bạo lực gia đình', { domesticViolenceVictim: true }],
      ['co, chong toi danh toi', { domesticViolenceVictim: true }],
      ['tôi không bị bạo lực gia đình', { domesticViolenceVictim: false }],
    ]),
  )('"%s" → domesticViolenceVictim', (text, expected) => {
    expect(extractFacts(text, TODAY)).toEqual(expected);
  });

  it.each([
    'chồng tôi bị người ta đánh',
    'chong toi bi nguoi ta danh',
    'chồng tôi không đánh tôi',
    'chồng tôi hay đánh bạc',
    'chong toi hay danh bac',
    'vợ chồng tôi đánh nhau với hàng xóm',
    'nó vô nhà đánh tôi',
    'Chồng tôi đi làm xa. Hàng xóm đánh tôi.',
  ])('"%s" states no violence at home', (text) => {
    expect(extractFacts(text, TODAY).domesticViolenceVictim).toBeUndefined();
  });
});

describe('"vùng cao", "vùng sâu vùng xa" are not the legal test of khoản 4 (item 3)', () => {
  it.each(bothWays([
    ['tôi ở vùng cao', {}],
    ['nhà ở vùng sâu vùng xa, người dân tộc Dao', { ethnicMinority: true }],
    ['bản tôi ở miền núi, xa lắm', {}],
  ]))('"%s" leaves disadvantagedArea unknown and gives the hint', (text, facts) => {
    const read = readMessage(text, TODAY);
    expect(read.facts).toEqual(facts);
    expect(read.facts.disadvantagedArea).toBeUndefined();
    expect(read.hints).toEqual(['areaWords']);
  });

  it('still takes the legal wording', () => {
    expect(readMessage('nhà tôi ở thôn đặc biệt khó khăn', TODAY)).toEqual({ facts: { disadvantagedArea: true }, hints: [] });
  });
});

describe('trafficking under khoản 6a (item 4)', () => {
  it.each(bothWays([
    ['tôi đang được xác minh là nạn nhân mua bán người', { traffickingBeingIdentified: true }],
    ['công an đang xác minh có phải nạn nhân không', { traffickingBeingIdentified: true }],
    ['con tôi 15 tuổi đi cùng mẹ bị lừa bán', { age: 15, accompanyingTraffickingVictim: true }],
    ['cháu đi cùng nạn nhân', { accompanyingTraffickingVictim: true }],
    ['tôi bị lừa bán sang Trung Quốc', { traffickingVictim: true }],
  ]))('"%s"', (text, expected) => {
    expect(extractFacts(text, TODAY)).toEqual(expected);
  });

  it('a sale of land is not trafficking', () => {
    expect(extractFacts('nhà tôi bị bán đấu giá', TODAY)).toEqual({});
    expect(extractFacts('hợp đồng mua bán đất', TODAY)).toEqual({});
  });
});

describe('criminal roles in people\'s words (item 5)', () => {
  it.each(bothWays([
    ['con tôi bị bắt', { criminalRole: 'accused' }],
    ['con tôi 16 tuổi bị công an bắt', { age: 16, criminalRole: 'accused' }],
    ['em bị công an huyện bắt hôm qua', { criminalRole: 'accused' }],
    ['cháu đang bị tạm giữ', { criminalRole: 'accused' }],
    ['con trai tôi bị tạm giam', { criminalRole: 'accused' }],
    ['con bị giữ trong trường hợp khẩn cấp', { criminalRole: 'emergency_detained' }],
    ['con tôi bị kiến nghị khởi tố', { criminalRole: 'recommended_for_prosecution' }],
    ['cháu đang chấp hành biện pháp xử lý chuyển hướng', { criminalRole: 'diversion' }],
    ['con bị bắt nạt ở trường', {}],
    ['con tôi bị bắt cóc', {}],
    ['con tôi không bị bắt', {}],
  ]))('"%s"', (text, expected) => {
    expect(extractFacts(text, TODAY)).toEqual(expected);
  });
});

describe('facts across a conversation (item 6)', () => {
  it('merges messages in order, later statements overriding earlier ones', () => {
    expect(factsFromMessages(['nhà tôi hộ nghèo', 'bà tôi 75 tuổi', 'à không, nhà tôi cận nghèo'], TODAY)).toEqual({
      household: 'near_poor',
      age: 75,
    });
    expect(factsFromMessages(['nha toi ho ngheo', 'ba toi 75 tuoi', 'a khong, nha toi can ngheo'], TODAY)).toEqual({
      household: 'near_poor',
      age: 75,
    });
  });

  it('a fact left unknown later keeps its earlier value', () => {
    expect(mergeFacts({ age: 70, hiv: true }, { age: null, hiv: undefined, household: 'poor' })).toEqual({ age: 70, hiv: true, household: 'poor' });
  });
});

describe('the age in a text', () => {
  it.each([
    ['75 tuổi', 75, 'age'],
    ['bảy mươi lăm tuổi', 75, 'age'],
    ['bay muoi lam tuoi', 75, 'age'],
    ['bà tôi bảy lăm tuổi', 75, 'age'],
    ['mười sáu tuổi', 16, 'age'],
    ['sinh năm 1949', 77, 'birth_year'],
    ['sn 49', 77, 'birth_year'],
  ] as const)('"%s" → %i', (text, age, source) => {
    expect(ageInSentence(text, TODAY)).toMatchObject({ age, source, birthYear: 2026 - age });
  });

  it('no age in a text without one', () => {
    expect(ageInSentence('nhà tôi có 5 người', TODAY)).toBeUndefined();
    expect(ageInSentence('lương 5t một tháng', TODAY)).toBeUndefined();
    expect(ageInSentence('cháu mới 3 tháng tuổi', TODAY)?.age ?? 0).toBeLessThan(1);
  });

  it('a bare number is an age only as the answer to the age question', () => {
    expect(ageInSentence('2', TODAY)).toBeUndefined();
    expect(extractFacts('2', TODAY)).toEqual({});
    expect(ageAnswer('75', TODAY)?.age).toBe(75);
    expect(ageAnswer('1950', TODAY)?.age).toBe(76);
  });
});

describe('a negation covers the items listed after it (review 3, Dangerous 2)', () => {
  it.each(
    bothWays([
      ['toi 65 tuoi ko co so ngheo so can ngheo gi, co dc giup ko', { age: 65, household: 'none' }],
      ['Tôi 70 tuổi, không có sổ hộ nghèo hay cận nghèo gì cả, có được trợ giúp không', { age: 70, household: 'none' }],
      ['nha toi ko co giay ho ngheo hay can ngheo, toi bi khuyet tat, co dc tro giup ko', { household: 'none', disability: true }],
      ['nhà tôi chẳng có giấy chứng nhận hộ nghèo', { household: 'none' }],
      ['không có sổ nghèo, sổ cận nghèo gì hết', { household: 'none' }],
      ['bố tôi không phải thương binh hay liệt sĩ', { meritorious: false, martyrFamily: false }],
      ['không có sổ cận nghèo hoặc trợ cấp hàng tháng gì', { household: 'none', monthlySocialAllowance: false }],
      // A contrast word ends the negation's reach.
      ['không có sổ nghèo mà có sổ cận nghèo', { household: 'near_poor' }],
      ['nhà không nghèo nhưng là hộ cận nghèo', { household: 'near_poor' }],
      ['tôi không khuyết tật, nhà cận nghèo', { disability: false, household: 'near_poor' }],
    ]),
  )('"%s"', (text, expected) => {
    expect(extractFacts(text, TODAY)).toEqual(expected);
  });

  it.each(bothWays([['không có sổ nghèo, cận nghèo', {}]]))('"%s": an item after a comma that may not be negated is asked, never positive', (text, expected) => {
    expect(extractFacts(text, TODAY)).toEqual(expected);
  });
});

describe('a bare "không" at the age question is not an age of 0 (review 3, Dangerous 3)', () => {
  it.each(['khong', 'không', 'không ạ', 'khong a'])('ageAnswer("%s") is no age', (text) => {
    expect(ageAnswer(text, TODAY)).toBeUndefined();
  });

  it.each(['khong', 'không', 'ko', 'k', 'không ạ'])('"%s" answers the age question "không rõ"', (text) => {
    expect(readAnswer(questionFor('age'), text, undefined, TODAY)).toEqual({ facts: {}, how: 'whole' });
  });

  it.each([['75', 75], ['bảy mươi lăm', 75], ['không, bà 75 tuổi', 75], ['1950', 76]] as const)('"%s" is still an age', (text, age) => {
    expect(readAnswer(questionFor('age'), text, undefined, TODAY)).toEqual({ facts: { age }, how: 'whole' });
  });
});
