import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EligibilityFlow, type EligibilityData } from '../../../bot/flows/eligibility.ts';
import type { FlowResult } from '../../../bot/flow.ts';
import type { Reply } from '../../../bot/message.ts';
import { EligibilityChecker } from '../../../intake/eligibility/checker.ts';
import type { Facts } from '../../../intake/eligibility/facts.ts';
import { choicesOf, questionFor, type QuestionId } from '../../../intake/eligibility/questions.ts';
import { FakeClock } from '../../../lib/clock.ts';
import { foldDiacritics } from '../../../lib/text.ts';
import { ConsoleDriver, conversationState, DEFAULT_NOW, incoming, render, tempDir, testApp, testConfig } from '../../helpers.ts';

const SITUATION_Q = 'thuộc trường hợp nào';
const AGE_Q = 'bao nhiêu tuổi';
const HOUSEHOLD_Q = 'hộ nghèo hoặc hộ cận nghèo';
const ALLOWANCE_Q = 'trợ cấp xã hội hàng tháng';
const AREA_Q = 'danh sách xã, thôn đặc biệt khó khăn';
const ETHNIC_Q = 'dân tộc thiểu số không';

/**
 * The eligibility flow on its own, driven as the dialogue core drives it (state kept between turns),
 * without the rest of the app.
 */
class FlowDriver {
  readonly flow: EligibilityFlow;
  step = 'menu';
  data: EligibilityData | undefined;
  ended: FlowResult['kind'] | undefined;
  asked: QuestionId[] = [];

  constructor(
    readonly today = '2026-11-21',
    checker = EligibilityChecker.load(undefined),
  ) {
    this.flow = new EligibilityFlow(checker);
  }

  private ctx(text: string, choice?: string) {
    const message = { channel: 'test', chatId: 'c', userId: 'u', text, choice, messageId: 'm', time: DEFAULT_NOW };
    return { message, text, state: { flow: 'eligibility', step: this.step, data: (this.data ?? {}) as Record<string, unknown> }, today: this.today, now: DEFAULT_NOW };
  }

  private take(result: FlowResult): string {
    if (result.kind === 'next') {
      this.step = result.step;
      this.data = result.data as EligibilityData;
      if (this.data.asking && result.step === 'asking') this.asked.push(this.data.asking);
    } else if (result.kind !== 'stay') this.ended = result.kind;
    return result.replies.map((r: Reply) => [r.text, ...(r.choices ?? []).map((c, i) => `${i + 1}. ${c.label}`)].join('\n')).join('\n\n');
  }

  async start(firstMessage?: string): Promise<string> {
    return this.take(await this.flow.enter(this.ctx(firstMessage ?? ''), firstMessage ? { firstMessage } : undefined));
  }

  async say(text: string, choice?: string): Promise<string> {
    return this.take(await this.flow.answer(this.ctx(text, choice)));
  }

  /** The current step again (the result, or the question waiting). */
  prompt(): string {
    return this.flow.prompt(this.ctx('')).map((r) => r.text).join('\n');
  }

  get asking(): QuestionId | undefined {
    return this.step === 'asking' ? this.data?.asking : undefined;
  }

  get facts(): Facts {
    return this.data?.facts ?? {};
  }
}

const NO: Facts = {
  household: 'none', monthlySocialAllowance: false, meritorious: false, martyrFamily: false, agentOrange: false, disability: false,
  domesticViolenceVictim: false, traffickingVictim: false, traffickingBeingIdentified: false, accompanyingTraffickingVictim: false,
  hiv: false, ethnicMinority: false, disadvantagedArea: false, criminalRole: 'none',
};

/**
 * Typical profiles, the questions the chat asks each when every answer is a button (or the age
 * typed), and the result. Before this change (one yes/no question per status, the financial test
 * asked last) the same profiles took 10, 11, 2, 6, 2, 9, 10, 11, 2, 1, 4, 6, 3, 3 and 13 questions:
 * 93 in all; now 56.
 */
const PROFILES: Array<[string, Facts, number, string, string[]]> = [
  ['30 tuổi, không thuộc diện nào', { ...NO, age: 30 }, 4, 'ineligible', []],
  ['45 tuổi, dân tộc thiểu số, không ở xã/thôn ĐBKK', { ...NO, age: 45, ethnicMinority: true }, 5, 'ineligible', []],
  ['75 tuổi, hộ cận nghèo', { ...NO, age: 75, household: 'near_poor' }, 2, 'eligible', ['7.7c']],
  ['75 tuổi, không cận nghèo, không trợ cấp', { ...NO, age: 75 }, 5, 'ineligible', []],
  ['40 tuổi, hộ nghèo', { ...NO, age: 40, household: 'poor' }, 3, 'eligible', ['7.2']],
  ['35 tuổi, bạo lực gia đình, cận nghèo', { ...NO, age: 35, household: 'near_poor', domesticViolenceVictim: true }, 3, 'eligible', ['7.7e']],
  ['35 tuổi, bạo lực gia đình, không khó khăn tài chính', { ...NO, age: 35, domesticViolenceVictim: true }, 6, 'ineligible', []],
  ['40 tuổi, dân tộc thiểu số, ở xã ĐBKK', { ...NO, age: 40, ethnicMinority: true, disadvantagedArea: true }, 5, 'eligible', ['7.4']],
  ['16 tuổi, bị tạm giữ', { ...NO, age: 16, criminalRole: 'accused' }, 2, 'eligible', ['7.5']],
  ['10 tuổi', { ...NO, age: 10 }, 1, 'eligible', ['7.3']],
  ['28 tuổi, nạn nhân mua bán người', { ...NO, age: 28, traffickingVictim: true }, 2, 'eligible', ['7.6a']],
  ['50 tuổi, khuyết tật, trợ cấp hàng tháng', { ...NO, age: 50, disability: true, monthlySocialAllowance: true }, 4, 'eligible', ['7.7d']],
  ['45 tuổi, bị buộc tội, cận nghèo', { ...NO, age: 45, household: 'near_poor', criminalRole: 'accused' }, 4, 'eligible', ['7.6']],
  ['45 tuổi, người có công', { ...NO, age: 45, meritorious: true }, 2, 'eligible', ['7.1']],
  ['không rõ gì cả', {}, 8, 'more_info', []],
];

/** Answers each question from `truth` by pressing the button that says it ("Không rõ" for what is not in it). */
async function walk(truth: Facts, today = '2026-11-21'): Promise<{ driver: FlowDriver; out: string }> {
  const driver = new FlowDriver(today);
  let out = await driver.start();
  for (let turn = 0; turn < 30 && driver.asking; turn++) {
    const question = questionFor(driver.asking);
    if (question.kind === 'age') {
      out = await driver.say(truth.age == null ? 'không rõ' : String(truth.age));
      continue;
    }
    const offered = choicesOf(question, today, driver.facts).map((c) => ({ ...c, choice: question.choices[Number(c.id.split(':')[2])]! }));
    const says = (c: (typeof offered)[number]['choice']): Facts | undefined => {
      if (c.none) return Object.fromEntries(question.facts.filter((f) => driver.facts[f] == null).map((f) => [f, false])) as Facts;
      if (c.set) return c.set as Facts;
      return c.value == null ? undefined : ({ [question.fact!]: c.value } as Facts);
    };
    const fits = (c: (typeof offered)[number]['choice']) => {
      const facts = says(c);
      return facts !== undefined && Object.keys(facts).length > 0 && Object.entries(facts).every(([f, v]) => truth[f as keyof Facts] === v);
    };
    const picked = offered.find((o) => fits(o.choice) && !o.choice.none) ?? offered.find((o) => fits(o.choice)) ?? offered.find((o) => o.choice.value === null)!;
    out = await driver.say(picked.label, picked.id);
  }
  return { driver, out };
}

describe('questions asked for typical profiles (item 1)', () => {
  it.each(PROFILES)('%s', async (_name, truth, most, status, clauses) => {
    const { driver, out } = await walk(truth);
    expect(driver.asked.length).toBeLessThanOrEqual(most);
    const result = EligibilityChecker.load(undefined).check(driver.facts, driver.today);
    expect(result.status).toBe(status);
    expect(result.groups.map((g) => g.clause)).toEqual(clauses);
    if (status === 'ineligible') expect(out).toContain('Các điều kiện chưa đáp ứng');
  });

  it('asks 56 questions in all for these profiles (93 before)', async () => {
    let total = 0;
    for (const [, truth] of PROFILES) total += (await walk(truth)).driver.asked.length;
    expect(total).toBeLessThanOrEqual(56);
  });

  it('never asks a question whose answer cannot change the result, and asks none after it is settled', async () => {
    const { driver } = await walk({ ...NO, age: 30 });
    expect(driver.asked).toEqual(['age', 'situation', 'household', 'ethnicMinority']);
    expect(driver.step).toBe('result');
  });
});

describe('the result when not eligible (item 1)', () => {
  it('says why in plain words and what the person can still do', async () => {
    const { out } = await walk({ ...NO, age: 30 });
    expect(out).toContain('chưa thuộc diện được trợ giúp pháp lý miễn phí');
    expect(out).toContain('Các điều kiện chưa đáp ứng:');
    expect(out).toContain('• không thuộc hộ nghèo, hộ cận nghèo\n');
    expect(out).toContain('• không phải trẻ em dưới 16 tuổi, người có công với cách mạng, người dân tộc thiểu số');
    expect(out).toContain('• chưa đủ 60 tuổi');
    expect(out).toContain('• không nhiễm chất độc da cam, HIV');
    expect(out).toContain('tổng đài miễn phí 1800.1233');
    expect(out).toContain('hỏi đáp pháp luật');
    expect(out).toContain('vẫn gửi yêu cầu trợ giúp pháp lý: Trung tâm sẽ xem xét giấy tờ và quyết định');
    expect(out).toMatch(/1\. Gửi yêu cầu trợ giúp pháp lý\n2\. Hỏi đáp pháp luật\n3\. Kiểm tra lại từ đầu\n4\. Về danh sách việc/u);
  });

  it('a victim of domestic violence without financial difficulty hears that the financial test is what is missing', async () => {
    const { out } = await walk({ ...NO, age: 35, domesticViolenceVictim: true });
    expect(out).toContain('• không có khó khăn về tài chính theo luật (không thuộc hộ cận nghèo, không hưởng trợ cấp xã hội hàng tháng)');
    expect(out).toContain('Nạn nhân bạo lực gia đình có khó khăn về tài chính: cần có khó khăn về tài chính');
    expect(out).not.toContain('không phải nạn nhân bạo lực gia đình');
  });

  it('"2" (hỏi đáp pháp luật) then opens Q&A', async () => {
    const { driver } = await walk({ ...NO, age: 30 });
    await driver.say('2');
    expect(driver.ended).toBe('switch');
  });
});

describe('facts in a sentence (item 2)', () => {
  it.each(['bà 75 tuổi, nhà cận nghèo, có được giúp miễn phí không', 'ba 75 tuoi, nha can ngheo, co duoc giup mien phi khong'])(
    'takes the age and the household from "%s" at once',
    async (text) => {
      const driver = new FlowDriver();
      const out = await driver.start(text);
      expect(out).toContain('Mình hiểu là: thuộc hộ cận nghèo, 75 tuổi');
      expect(out).toContain('điểm c khoản 7 Điều 7');
      expect(driver.asked).toEqual([]);
    },
  );

  it.each(['bà 75 tuổi, nhà cận nghèo, có được giúp miễn phí không', 'ba 75 tuoi, nha can ngheo, co duoc giup mien phi khong'])(
    'takes both when "%s" answers the first question, and does not read its "không" as an answer',
    async (text) => {
      const driver = new FlowDriver();
      expect(await driver.start()).toContain(AGE_Q);
      const out = await driver.say(text);
      expect(driver.facts).toMatchObject({ age: 75, household: 'near_poor' });
      expect(driver.facts.meritorious).toBeUndefined();
      expect(out).toContain('điểm c khoản 7 Điều 7');
    },
  );

  it.each(['bảy mươi lăm tuổi', 'bay muoi lam tuoi', 'bà tôi năm nay bảy mươi lăm tuổi'])('reads "%s" as 75', async (text) => {
    const driver = new FlowDriver();
    await driver.start();
    expect(driver.asking).toBe('age');
    await driver.say(text);
    expect(driver.facts.age).toBe(75);
    expect(driver.asking).toBe('household');
  });

  it.each(['Chồng tôi hay uống rượu rồi đánh đập tôi', 'chong toi hay uong ruou roi danh dap toi', 'chồng hay say rượu đánh', 'tôi bị bạo hành'])(
    'recognises "%s" as domestic violence at once and asks only about money',
    async (text) => {
      const driver = new FlowDriver();
      const out = await driver.start(text);
      expect(out).toContain('là nạn nhân bạo lực gia đình');
      expect(driver.asking).toBe('household');
      const result = await driver.say('2');
      expect(result).toContain('điểm e khoản 7 Điều 7');
      expect(driver.asked).toEqual(['household']);
    },
  );

  it.each(['co, chong toi danh toi', 'có, chồng tôi đánh tôi'])('"%s" to a yes/no question takes the yes and the fact, without asking again', async (text) => {
    const driver = new FlowDriver();
    await driver.start('tôi 40 tuổi, nhà cận nghèo, không thuộc diện nào khác');
    // Drive to a yes/no question: the ethnic-minority one.
    while (driver.asking && driver.asking !== 'ethnicMinority') {
      const q = questionFor(driver.asking);
      const none = q.choices.findIndex((c) => c.none || c.value === false || c.value === 'none');
      await driver.say('x', `q:${q.id}:${none}`);
    }
    expect(driver.asking).toBe('ethnicMinority');
    const out = await driver.say(text);
    expect(driver.facts.ethnicMinority).toBe(true);
    expect(driver.facts.domesticViolenceVictim).toBe(true);
    expect(out).toContain('là nạn nhân bạo lực gia đình');
    expect(out).toContain('điểm e khoản 7 Điều 7');
  });

  it('"co, chong toi danh toi" to the situations question is read as domestic violence', async () => {
    const driver = new FlowDriver();
    await driver.start();
    await driver.say('40');
    expect(driver.asking).toBe('situation');
    expect(await driver.say('co, chong toi danh toi')).toContain('Mình hiểu là: là nạn nhân bạo lực gia đình');
    expect(driver.facts.domesticViolenceVictim).toBe(true);
    expect(driver.asking).toBe('household');
    expect(driver.asked.filter((q) => q === 'situation')).toHaveLength(1);
  });

  it('a number answering a choice is not read as an age', async () => {
    const driver = new FlowDriver();
    await driver.start();
    await driver.say('70');
    expect(driver.asking).toBe('household');
    expect(await driver.say('2')).toContain('điểm c khoản 7 Điều 7');
    expect(driver.facts).toEqual({ age: 70, household: 'near_poor' });
  });

  it('an answer not understood that states other facts keeps them, and the question can come again', async () => {
    const driver = new FlowDriver();
    await driver.start();
    const out = await driver.say('nhà tôi cận nghèo');
    expect(driver.facts.household).toBe('near_poor');
    expect(out).toContain('Mình hiểu là: thuộc hộ cận nghèo');
    // Near-poor: the financial test holds, so the situations of khoản 7 come first; the age is still to ask.
    expect(driver.asking).toBe('situation');
    expect(driver.data!.asked).not.toContain('age');
    expect(await driver.say('không thuộc trường hợp nào')).toContain(AGE_Q);
  });
});

describe('"vùng cao" is not the test of khoản 4 (item 3)', () => {
  it.each(['tôi là người dân tộc Mông ở vùng cao', 'toi la nguoi dan toc Mong o vung sau vung xa'])('"%s": asks about the list, never assumes it', async (text) => {
    const driver = new FlowDriver();
    const out = await driver.start(text);
    expect(driver.facts.disadvantagedArea).toBeUndefined();
    expect(out).toContain('chưa đủ để xét');
    expect(out).toContain('Quyết định 60/QĐ-BDTTG');
    expect(out).toContain('Trung tâm sẽ kiểm tra với xã');
    expect(driver.asking).toBe('disadvantagedArea');
    expect(out).toContain(AREA_Q);
    expect(await driver.say('co')).toContain('khoản 4 Điều 7');
  });

  it('"không rõ" on the area ends in "chưa đủ thông tin" with the centre checking with the commune', async () => {
    const driver = new FlowDriver();
    await driver.start('tôi là người dân tộc Thái, ở vùng cao');
    for (let i = 0; i < 20 && driver.asking; i++) {
      const q = questionFor(driver.asking);
      if (q.id === 'disadvantagedArea') await driver.say('không rõ');
      else if (q.kind === 'age') await driver.say('40');
      else {
        const no = q.choices.findIndex((c) => c.none || c.value === false || c.value === 'none');
        await driver.say('x', `q:${q.id}:${no}`);
      }
    }
    expect(driver.step).toBe('result');
    const text = driver.prompt();
    expect(text).toContain('Chưa đủ thông tin để kết luận');
    expect(text).toContain('Trung tâm sẽ kiểm tra với Ủy ban nhân dân xã');
  });

  it('names the lists in force on the date', async () => {
    const driver = new FlowDriver('2024-05-01');
    const out = await driver.start('tôi là người dân tộc Tày');
    expect(out).toContain('Quyết định 861/QĐ-TTg');
  });

  it('with the centre\'s list, asks the commune instead', async () => {
    const dir = tempDir();
    const csv = join(dir, 'areas.csv');
    writeFileSync(csv, 'commune_code,commune_name,province,village,source\n,Xã Bắc Yên,Sơn La,,QĐ 60/QĐ-BDTTG\n');
    const driver = new FlowDriver('2026-11-21', EligibilityChecker.load(csv));
    await driver.start('toi la nguoi dan toc Mong o vung cao');
    expect(driver.asking).toBe('commune');
    expect(await driver.say('xa bac yen')).toContain('khoản 4 Điều 7');
  });
});

describe('khoản 6a: people being identified and children accompanying (item 4)', () => {
  it('offers "being identified" from 01/07/2025 only', () => {
    const labels = (date: string) => choicesOf(questionFor('situation'), date).map((c) => c.label).join('\n');
    expect(labels('2025-06-30')).not.toContain('xác minh');
    expect(labels('2025-07-01')).toContain('xác minh có phải nạn nhân mua bán người');
  });

  it('someone being identified as a victim, from 01/07/2025: the situation list says so, and 6a holds', async () => {
    const driver = new FlowDriver('2025-07-01');
    await driver.start();
    await driver.say('30');
    expect(driver.asking).toBe('situation');
    const being = questionFor('situation').choices.findIndex((c) => c.set?.traffickingBeingIdentified === true);
    expect(await driver.say('x', `q:situation:${being}`)).toContain('khoản 6a Điều 7');
  });

  it.each(['tôi đang được xác minh là nạn nhân mua bán người', 'toi dang duoc xac minh la nan nhan mua ban nguoi'])(
    'before 01/07/2025, "%s" is not a group yet, and the chat says from when it is',
    async (text) => {
      const driver = new FlowDriver('2025-06-30');
      let last = await driver.start(text);
      expect(driver.facts.traffickingBeingIdentified).toBe(true);
      for (let i = 0; i < 20 && driver.asking; i++) {
        const q = questionFor(driver.asking);
        if (q.kind === 'age') last = await driver.say('30');
        else {
          const no = q.choices.findIndex((c) => c.none || c.value === false || c.value === 'none');
          last = await driver.say('x', `q:${q.id}:${no}`);
        }
      }
      expect(last).toContain('chỉ áp dụng từ ngày 01/07/2025');
    },
  );

  it('a 15-year-old accompanying a victim: the age is asked next, and both clauses hold', async () => {
    const driver = new FlowDriver();
    await driver.start('cháu đi cùng mẹ bị lừa bán');
    expect(driver.facts.accompanyingTraffickingVictim).toBe(true);
    expect(driver.asking).toBe('age');
    const out = await driver.say('15');
    expect(out).toContain('khoản 6a Điều 7');
    expect(out).toContain('khoản 3 Điều 7');
  });

  it('a 17-year-old asked the accompanying question answers yes', async () => {
    const driver = new FlowDriver();
    await driver.start('cháu 17 tuổi, không liên quan vụ án hình sự');
    for (let i = 0; i < 20 && driver.asking && driver.asking !== 'accompanyingTraffickingVictim'; i++) {
      const q = questionFor(driver.asking);
      const no = q.choices.findIndex((c) => c.none || c.value === false || c.value === 'none');
      await driver.say('x', `q:${q.id}:${no}`);
    }
    expect(driver.asking).toBe('accompanyingTraffickingVictim');
    expect(await driver.say('có')).toContain('khoản 6a Điều 7');
  });
});

describe('a 16-year-old arrested or held (item 5)', () => {
  it.each(['con tôi 16 tuổi bị tạm giữ', 'con toi 16 tuoi bi tam giu', 'con tôi 16 tuổi bị công an bắt', 'chau 16 tuoi bi bat', 'em mười sáu tuổi, đang bị tạm giam'])(
    '"%s" is 7.5 at once',
    async (text) => {
      const driver = new FlowDriver();
      const out = await driver.start(text);
      expect(out).toContain('khoản 5 Điều 7');
      expect(driver.asked).toEqual([]);
    },
  );

  it('before 2026 too (người bị bắt, bị tạm giữ are người bị buộc tội)', async () => {
    const driver = new FlowDriver('2025-09-01');
    expect(await driver.start('con tôi 16 tuổi bị tạm giữ')).toContain('khoản 5 Điều 7 Luật Trợ giúp pháp lý 2017 (lời văn trước 01/01/2026)');
  });

  it('the criminal-role question reads "bị công an bắt"', async () => {
    const driver = new FlowDriver();
    await driver.start('cháu nhà tôi 16 tuổi');
    expect(driver.asking).toBe('criminalRole');
    expect(await driver.say('bị công an bắt rồi')).toContain('khoản 5 Điều 7');
    expect(driver.facts.criminalRole).toBe('accused');
  });
});

describe('eligibility check in the chat', () => {
  it.each(['2', 'kiem tra', 'Kiểm Tra', 'kiểm tr', 'kiem tar'])('starts with "%s" and asks the most decisive question', async (line) => {
    const app = await testApp();
    const chat = await new ConsoleDriver(app).start();
    const out = await chat.say(line);
    expect(out).toContain('Mình hỏi vài câu ngắn');
    expect(out).toContain(AGE_Q);
    await chat.end();
  });

  it('walks to a result with its clause, the papers, and the offer to file a request', async () => {
    const app = await testApp();
    const chat = await new ConsoleDriver(app).start();
    await chat.say('kiem tra');
    expect(await chat.say('75')).toContain(HOUSEHOLD_Q);
    const result = await chat.say('can ngheo');
    expect(result).toContain('thuộc diện được trợ giúp pháp lý miễn phí');
    expect(result).toContain('điểm c khoản 7 Điều 7');
    expect(result).toContain('Giấy chứng nhận hộ cận nghèo');
    expect(result).toContain('1. Gửi yêu cầu trợ giúp pháp lý');
    await chat.end();
  });

  it('"quay lại" returns to the question before, and the new answer counts', async () => {
    const app = await testApp();
    const chat = await new ConsoleDriver(app).start();
    await chat.say('kiem tra');
    await chat.say('70');
    expect(await chat.say('khong')).toContain(ALLOWANCE_Q);
    const back = await chat.say('quay lai');
    expect(back).toContain(HOUSEHOLD_Q);
    expect(await chat.say('2')).toContain('điểm c khoản 7 Điều 7');
    await chat.end();
  });

  it('"quay lại" from the first question goes back to the menu', async () => {
    const app = await testApp();
    const chat = await new ConsoleDriver(app).start();
    await chat.say('kiem tra');
    expect(await chat.say('quay lại')).toContain('1. Hỏi đáp pháp luật');
    await chat.end();
  });

  it('"hủy" mid-flow stops and shows the menu', async () => {
    const app = await testApp();
    const chat = await new ConsoleDriver(app).start();
    await chat.say('kiem tra');
    await chat.say('70');
    const out = await chat.say('hủy');
    expect(out).toContain('Đã dừng việc đang làm.');
    expect(out).toContain('1. Hỏi đáp pháp luật');
    expect(await chat.say('6')).toContain('miễn phí');
    await chat.end();
  });

  it('re-asks an answer it does not understand, keeping what was given', async () => {
    const app = await testApp();
    const chat = await new ConsoleDriver(app).start();
    await chat.say('kiem tra');
    // ("ko nho ro lam" = "không nhớ rõ lắm" is now read as "Không rõ", rightly.)
    expect(await chat.say('hmm ơ')).toContain('gõ số tuổi');
    expect(await chat.say('sinh năm 1950')).toContain(HOUSEHOLD_Q);
    expect(await chat.say('xyz')).toContain('chưa hiểu câu trả lời');
    expect(await chat.say('2')).toContain('điểm c khoản 7 Điều 7');
    await chat.end();
  });

  it('"không rõ" is not asked again and can end in "chưa đủ thông tin"', async () => {
    const app = await testApp();
    const chat = await new ConsoleDriver(app).start();
    await chat.say('kiem tra');
    let out = await chat.say('khong ro');
    const seen = new Set<string>();
    for (let i = 0; i < 20 && !out.includes('Bạn có muốn gửi yêu cầu'); i++) {
      const question = out.split('\n').find((l) => l.endsWith('?') || l.includes('?'))!;
      expect(seen.has(question)).toBe(false);
      seen.add(question);
      out = await chat.say('không rõ');
    }
    expect(out).toContain('Chưa đủ thông tin để kết luận');
    expect(out).toContain('Còn chưa rõ:');
    await chat.end();
  });

  it('a restart in the middle resumes from the SQLite file', async () => {
    const config = testConfig();
    const first = await testApp(config);
    const chat = await new ConsoleDriver(first).start();
    await chat.say('kiem tra');
    await chat.say('80');
    await chat.end();
    await first.close();

    const second = await testApp(config, new FakeClock(DEFAULT_NOW));
    const greeting = render(await second.assistant.greet('console', 'tester'));
    expect(greeting).toContain('Chào bạn quay lại');
    expect(greeting).toContain(HOUSEHOLD_Q);
    const again = await new ConsoleDriver(second).start();
    const out = await again.say('1');
    expect(out).toContain('khoản 2 Điều 7');
    await again.end();
  });

  it('picks up facts typed at the menu and starts the check with them', async () => {
    const app = await testApp();
    const replies = render(await app.assistant.handle(incoming('nha toi ho ngheo')));
    expect(replies).toContain('Mình hiểu là: thuộc hộ nghèo');
    expect(replies).toContain('khoản 2 Điều 7');
    expect(replies).toContain('Giấy chứng nhận hộ nghèo');
  });

  it.each(['bà 75 tuổi, nhà cận nghèo, có được giúp miễn phí không', 'ba 75 tuoi, nha can ngheo, co duoc giup mien phi khong'])(
    'answers "%s" typed at the menu at once',
    async (text) => {
      const app = await testApp();
      const replies = render(await app.assistant.handle(incoming(text)));
      expect(replies).toContain('75 tuổi');
      expect(replies).toContain('điểm c khoản 7 Điều 7');
    },
  );

  it.each(['Chồng tôi hay uống rượu rồi đánh đập tôi', foldDiacritics('Chồng tôi hay uống rượu rồi đánh đập tôi')])(
    'takes "%s" at the menu as domestic violence and asks about money first',
    async (text) => {
      const app = await testApp();
      const replies = render(await app.assistant.handle(incoming(text)));
      expect(replies).toContain('là nạn nhân bạo lực gia đình');
      expect(replies).toContain(HOUSEHOLD_Q);
      expect(render(await app.assistant.handle(incoming('can ngheo')))).toContain('điểm e khoản 7 Điều 7');
    },
  );

  it('picks up facts said in answers', async () => {
    const app = await testApp();
    const chat = await new ConsoleDriver(app).start();
    const start = await chat.say('tôi là người dân tộc Mông, 40 tuổi');
    expect(start).toContain('Mình hiểu là: 40 tuổi, là người dân tộc thiểu số');
    expect(start).toContain(AREA_Q);
    expect(await chat.say('co')).toContain('khoản 4 Điều 7');
    await chat.end();
  });

  it('a yes/no question answered with a fact', async () => {
    const app = await testApp();
    await app.assistant.handle(incoming('toi 45 tuoi, nha can ngheo'));
    let out = '';
    for (let i = 0; i < 10; i++) {
      const state = (await conversationState(app, 'u1'))!;
      if (state.data.asking === 'ethnicMinority') break;
      out = render(await app.assistant.handle(incoming(state.data.asking === 'situation' ? 'không thuộc trường hợp nào' : 'không')));
    }
    expect(out).toContain(ETHNIC_Q);
    const result = render(await app.assistant.handle(incoming('co, chong toi danh toi')));
    expect(result).toContain('là nạn nhân bạo lực gia đình');
    expect(result).toContain('điểm e khoản 7 Điều 7');
  });

  it('follows the date: a trafficking victim without financial difficulty', async () => {
    for (const [now, expected] of [
      ['2025-06-20T03:00:00Z', 'chỉ áp dụng từ ngày 01/07/2025'],
      ['2025-07-02T03:00:00Z', 'khoản 6a Điều 7'],
    ] as const) {
      const app = await testApp(testConfig(), new FakeClock(new Date(now)));
      let out = render(await app.assistant.handle(incoming('tôi bị lừa bán sang trung quốc')));
      for (let i = 0; i < 15 && !out.includes('Bạn có muốn gửi') && !out.includes('tổng đài miễn phí'); i++) {
        out = render(await app.assistant.handle(incoming(out.includes(AGE_Q) ? '30' : 'không')));
      }
      expect(out).toContain(expected);
    }
  });

  it('answers the area question from the centre\'s list of disadvantaged communes', async () => {
    const dir = tempDir();
    const csv = join(dir, 'areas.csv');
    writeFileSync(csv, 'commune_code,commune_name,province,village,source\n,Xã Bắc Yên,Sơn La,,QĐ 60/QĐ-BDTTG\n');
    const app = await testApp(testConfig(dir, { DISADVANTAGED_AREAS_FILE: csv }));
    const chat = await new ConsoleDriver(app).start();
    const out = await chat.say('toi la nguoi dan toc Thai, 35 tuoi');
    expect(out).toContain('sống ở xã (phường) nào');
    const result = await chat.say('xa bac yen');
    expect(result).toContain('có trong danh sách vùng đặc biệt khó khăn (QĐ 60/QĐ-BDTTG)');
    expect(result).toContain('khoản 4 Điều 7');
    await chat.end();
  });

  it('"hỏi đáp pháp luật" after a "not eligible" opens Q&A', async () => {
    const app = await testApp();
    let out = render(await app.assistant.handle(incoming('toi 30 tuoi, nha khong phai ho ngheo')));
    for (let i = 0; i < 10 && !out.includes('Bạn vẫn có thể'); i++) {
      out = render(await app.assistant.handle(incoming(out.includes(SITUATION_Q) ? 'không thuộc trường hợp nào' : 'không')));
    }
    expect(out).toContain('2. Hỏi đáp pháp luật');
    const state = (await conversationState(app, 'u1'))!;
    expect(state.step).toBe('result');
    await app.assistant.handle(incoming('2'));
    const after = (await conversationState(app, 'u1'))!;
    expect(after.flow).toBe('ask');
  });

  it('hands "gửi yêu cầu" on to the request form with the facts, which then skips the eligibility question', async () => {
    const app = await testApp();
    await app.assistant.handle(incoming('nha toi ho ngheo'));
    const consent = render(await app.assistant.handle(incoming('1')));
    expect(consent).toContain('Bạn có đồng ý không?');
    const carried = (await conversationState(app, 'u1'))!.data as { facts: unknown; values: Record<string, unknown> };
    expect(carried.facts).toEqual({ household: 'poor' });
    // The request form's "which group" question is skipped: the check's facts are known.
    expect(carried.values.eligibilityKnown).toBe('yes');
  });
});
