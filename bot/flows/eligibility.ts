/**
 * "Kiểm tra có được trợ giúp pháp lý không" in the chat: asks, one short question at a time, only
 * what can still change the answer, the most decisive first, and stops as soon as the answer is
 * settled either way; takes facts stated in any message ("bà 75 tuổi, nhà cận nghèo"); explains the
 * result with its clause (or, when not eligible, which conditions were not met and what the person
 * can still do), lists the papers to bring, and offers to file a request with the facts carried over.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { loadMessages } from '../../lib/messages.ts';
import { fold, cutText } from '../../lib/text.ts';
import { matchChoice } from '../../lib/choice-matcher.ts';
import { hotlineAt } from '../../intake/hotline.ts';
import { factLabels, vnDate, type CheckResult } from '../../intake/eligibility/check.ts';
import type { EligibilityChecker } from '../../intake/eligibility/checker.ts';
import { areaListsAt } from '../../intake/eligibility/disadvantaged-areas.ts';
import { readMessage, type Hint, type MessageReading } from '../../intake/eligibility/fact-extractor.ts';
import { describeFacts } from '../../intake/eligibility/fact-statements.ts';
import { mergeFacts, type Facts } from '../../intake/eligibility/facts.ts';
import {
  askText,
  choicesOf,
  nextQuestion,
  questionFor,
  readAnswer,
  type QuestionId,
} from '../../intake/eligibility/questions.ts';
import { aboutLegalAid, questionFields } from '../../knowledge/question-field.ts';
import type { Flow, FlowContext, FlowResult } from '../flow.ts';
import { asksForInformation, endsAsking } from '../nlu/intents.ts';
import type { Reply } from '../message.ts';

/** How sure the question-field guess must be that a question is about another field of law. */
const OTHER_FIELD_MIN = 0.3;

const say = loadMessages(new URL('./eligibility.vi.yaml', import.meta.url), [
  'intro', 'understood', 'not_understood', 'age_not_understood', 'commune_not_listed', 'commune_listed',
  'commune_villages', 'area_words', 'area_check', 'eligible', 'eligible_group', 'documents', 'lost_papers',
  'ineligible', 'ineligible_why', 'ineligible_next', 'more_info', 'more_info_unknown', 'note', 'offer',
  'choice_request', 'choice_ask', 'choice_restart', 'choice_menu', 'choice_question', 'question_offer', 'allowance_80',
]);

const otherQuestions = z
  .object({ format: z.literal('tgpl-other-questions/1'), allowance: z.array(z.string()).min(1), wish: z.array(z.string()).min(1), aid: z.array(z.string()).min(1) })
  .parse(parse(readFileSync(new URL('./other-questions.yaml', import.meta.url), 'utf8')));
const ALLOWANCE = otherQuestions.allowance.map((w) => ` ${fold(w)} `);
const WISH = otherQuestions.wish.map((w) => ` ${fold(w)} `);
const AID = otherQuestions.aid.map((w) => ` ${fold(w)} `);
const has = (text: string, words: string[]) => {
  const t = ` ${fold(text).replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
  return words.some((w) => t.includes(w));
};

/** Whether a message asks something (by its end, a question about papers, time, place or cost, or a wish). */
function asks(text: string): boolean {
  return endsAsking(text) || asksForInformation(text) || has(text, WISH);
}

/**
 * A question about a social allowance or a pension ("bà 82 tuổi không có lương hưu, có được trợ cấp
 * hàng tháng không"): for the Q&A, not the legal-aid check, unless it asks about legal aid too.
 */
export function asksAboutAllowance(text: string): boolean {
  return has(text, ALLOWANCE) && (endsAsking(text) || asksForInformation(text)) && !aboutLegalAid(text);
}

/** How sure the field guess must be that a clause is about another field of law. */
const QUESTION_FIELD_MIN = 0.3;
/** …and that the question found (it asks or wishes something already) is. */
const QUESTION_MIN = 0.2;

/**
 * The legal question a message asks besides the facts it states ("nhà tôi hộ cận nghèo, tôi muốn ly
 * hôn và giành nuôi con thì phải làm sao" → "tôi muốn ly hôn và giành nuôi con thì phải làm sao"):
 * its clauses that neither ask about legal aid nor only state a fact of the check, from the first
 * that asks or wishes something. Undefined when there is none, or it is about legal aid itself.
 */
export function otherQuestion(text: string, today: string): string | undefined {
  if (!asks(text)) return undefined;
  const clauses = text
    .split(/[.!?;,\n]+/u)
    .map((c) => c.trim())
    .filter((c) => c !== '');
  const kept = clauses.filter((c) => {
    if (aboutLegalAid(c) || has(c, AID)) return false;
    // A clause that states a fact of the check ("bà 75 tuổi", "nhà tôi hộ cận nghèo") is the check's,
    // unless it wishes something too ("tôi 68 tuổi muốn kiện con đòi cấp dưỡng").
    return Object.keys(readMessage(c, today).facts).length === 0 || has(c, WISH);
  });
  const otherField = (c: string, min: number) => {
    const field = questionFields().classify(c);
    return field !== undefined && !field.legalAid && field.score >= min;
  };
  const start = kept.findIndex((c) => has(c, WISH) || asksForInformation(c) || otherField(c, QUESTION_FIELD_MIN));
  if (start < 0) return undefined;
  const question = kept.slice(start).join(', ');
  return otherField(question, QUESTION_MIN) ? question : undefined;
}

/** What the flow keeps in the conversation state. */
export interface EligibilityData {
  facts: Facts;
  /** Questions already answered. */
  asked: QuestionId[];
  /** Questions answered "không rõ" (never asked again). */
  dontKnow?: QuestionId[];
  /** The question waiting for an answer. */
  asking?: QuestionId;
  /** The legal question the first message asked besides its facts, offered after the result. */
  question?: string;
  [key: string]: unknown;
}

/** The choice that answers the legal question asked with the facts. */
const QUESTION_CHOICE = 'elig:question';
/** How long the question may be on its button. */
const QUESTION_LABEL = 70;

const RESULT_CHOICES = [
  { id: 'elig:request', key: 'choice_request' as const, keywords: ['gui yeu cau', 'co', 'dong y', 'gui', 'nop don'] },
  { id: 'elig:ask', key: 'choice_ask' as const, keywords: ['hoi dap', 'hoi luat', 'dat cau hoi', 'hoi'] },
  { id: 'elig:restart', key: 'choice_restart' as const, keywords: ['kiem tra lai', 'lam lai'] },
  { id: 'elig:menu', key: 'choice_menu' as const, keywords: ['ve menu', 'khong', 'thoi', 'danh sach'] },
];

export class EligibilityFlow implements Flow {
  readonly id = 'eligibility';

  constructor(private readonly checker: EligibilityChecker) {}

  /** A message at the menu that states facts about the person ("nhà tôi hộ nghèo") starts the check. */
  /**
   * A message stating facts about the person ("bà tôi 75 tuổi, nhà cận nghèo"), unless it asks about
   * another field of law ("ông 82 tuổi có được trợ cấp hàng tháng không", "hộ nghèo, muốn ly hôn thì
   * làm sao"): that is a question for the Q&A, which says whether legal aid can help too.
   */
  takes(ctx: FlowContext): boolean {
    if (Object.keys(readMessage(ctx.text, ctx.today).facts).length === 0) return false;
    if (asksAboutAllowance(ctx.text)) return false;
    if (!endsAsking(ctx.text) || aboutLegalAid(ctx.text)) return true;
    const field = questionFields().classify(ctx.text);
    return !(field && field.score >= OTHER_FIELD_MIN && !field.legalAid);
  }

  async enter(ctx: FlowContext, data?: Record<string, unknown>): Promise<FlowResult> {
    const carried = (data?.facts as Facts | undefined) ?? {};
    const firstMessage = typeof data?.firstMessage === 'string' ? data.firstMessage : undefined;
    // "… có được trợ cấp hàng tháng không": a question about an allowance, answered by the Q&A.
    if (firstMessage !== undefined && asksAboutAllowance(firstMessage)) return { kind: 'switch', flow: 'ask', data: { firstMessage }, replies: [] };
    const first = firstMessage !== undefined ? forCheck(readMessage(firstMessage, ctx.today)) : { facts: {}, hints: [] };
    const facts = mergeFacts(carried, first.facts);
    const question = firstMessage !== undefined ? otherQuestion(firstMessage, ctx.today) : undefined;
    const state: EligibilityData = { facts, asked: [], ...(question ? { question } : {}) };
    const result = this.checker.check(facts, ctx.today);
    // The intro explains the questions to come; a result reached at once needs none.
    const before: Reply[] = this.next(ctx, state, result) ? [{ text: say.say('intro') }] : [];
    const known = describeFacts(facts);
    if (known.length > 0) before.push({ text: say.say('understood', { facts: known.join(', ') }) });
    before.push(...this.hintNotes(ctx, first.hints, facts, result));
    return this.advance(ctx, state, before, result);
  }

  prompt(ctx: FlowContext): Reply[] {
    const data = ctx.state.data as EligibilityData;
    if (ctx.state.step === 'result') return this.resultReplies(ctx, this.checker.check(data.facts, ctx.today), data.facts, data.question);
    return data.asking ? [this.question(ctx, data.asking)] : [];
  }

  async answer(ctx: FlowContext): Promise<FlowResult> {
    const data = ctx.state.data as EligibilityData;
    if (ctx.state.step === 'result' || !data.asking) return this.afterResult(ctx, data);
    const asking = data.asking;
    const question = questionFor(asking);
    const date = this.date(ctx, data.facts);
    // "hộ cận nghèo là gì vậy?" asks about a term; it states no fact: the core answers it, then this
    // question is asked again.
    if (!ctx.message.choice && /(?:là gì|la gi|nghĩa là|nghia la|là sao|la sao|là thế nào|la the nao|là như nào|la nhu nao)/iu.test(ctx.text)) {
      return { kind: 'stay', notUnderstood: true, replies: [this.question(ctx, asking, data.facts)] };
    }
    const reading = ctx.message.choice ? { facts: {}, hints: [] as Hint[] } : forCheck(readMessage(ctx.text, ctx.today), question.facts);
    const read = readAnswer(question, ctx.text, ctx.message.choice, date, data.facts);
    // A choice's words found inside a sentence that states facts outright: the facts win.
    const answer = read?.how === 'inside' && Object.keys(reading.facts).length > 0 ? undefined : read;
    const statesAsked = question.facts.some((f) => reading.facts[f] !== undefined && reading.facts[f] !== null);
    if (!answer && Object.keys(reading.facts).length === 0) {
      const text = question.kind === 'age' ? say.say('age_not_understood') : say.say('not_understood');
      const again = this.question(ctx, asking, data.facts);
      return { kind: 'stay', notUnderstood: true, replies: [{ ...again, text: `${text}\n${again.text}` }] };
    }
    // A button or a whole-message answer is the answer; a reading of the first words ("có, …") or of
    // a choice's words inside a longer message gives way to what the message states outright.
    const firm = answer?.how === 'button' || answer?.how === 'whole';
    const facts = firm
      ? mergeFacts(data.facts, reading.facts, answer?.facts)
      : mergeFacts(data.facts, answer?.facts, reading.facts);
    const before: Reply[] = [];
    if (answer?.commune !== undefined) {
      facts.commune = answer.commune;
      before.push({ text: this.communeNote(answer.commune) });
    }
    // Read back what the message stated besides a plain answer ("có, chồng tôi đánh tôi" → the violence).
    const others = Object.fromEntries(Object.entries(reading.facts).filter(([fact]) => !(firm && question.facts.includes(fact as never))));
    const said = describeFacts(others as Facts);
    if (said.length > 0) before.push({ text: say.say('understood', { facts: said.join(', ') }) });
    // An answer not understood, with other facts in it: keep them; the question may come again.
    const asked = answer || statesAsked ? [...data.asked, asking] : data.asked;
    const dontKnow = answer && answer.commune === undefined && Object.keys(answer.facts).length === 0 && !statesAsked
      ? [...(data.dontKnow ?? []), asking]
      : (data.dontKnow ?? []);
    const state: EligibilityData = { facts, asked, dontKnow, ...(data.question ? { question: data.question } : {}) };
    const result = this.checker.check(facts, ctx.today);
    before.push(...this.hintNotes(ctx, reading.hints, facts, result));
    return this.advance(ctx, state, before, result);
  }

  private date(ctx: FlowContext, facts: Facts): string {
    return facts.date ?? ctx.today;
  }

  /** Asks the next question that can still change the result, or gives the result. */
  private advance(ctx: FlowContext, data: EligibilityData, before: Reply[], result = this.checker.check(data.facts, ctx.today)): FlowResult {
    const next = this.next(ctx, data, result);
    if (next) {
      const state: EligibilityData = { ...data, asking: next };
      return { kind: 'next', step: 'asking', data: state, replies: [...before, this.question(ctx, next, data.facts)] };
    }
    const state: EligibilityData = { facts: data.facts, asked: data.asked, dontKnow: data.dontKnow ?? [], ...(data.question ? { question: data.question } : {}) };
    return { kind: 'next', step: 'result', data: state, replies: [...before, ...this.resultReplies(ctx, result, data.facts, data.question)] };
  }

  /**
   * The most decisive question not asked yet, while the result is open; the commune instead of the
   * area question when the centre has its list of disadvantaged areas.
   */
  private next(ctx: FlowContext, data: EligibilityData, result: CheckResult): QuestionId | undefined {
    if (result.status !== 'more_info') return undefined;
    const facts = this.checker.complete(data.facts);
    const next = nextQuestion(this.checker.rules, facts, result.asOf, data.asked, data.dontKnow ?? []);
    if (next === 'disadvantagedArea' && this.checker.areas && !data.asked.includes('commune') && !data.facts.commune) return 'commune';
    return next;
  }

  private question(ctx: FlowContext, id: QuestionId, facts: Facts = (ctx.state.data as EligibilityData).facts ?? {}): Reply {
    const question = questionFor(id);
    const date = this.date(ctx, facts);
    return { text: askText(question, date, facts), choices: choicesOf(question, date, facts) };
  }

  /** "vùng cao", "vùng sâu vùng xa" said while the area still matters: they are not the legal test. */
  private hintNotes(ctx: FlowContext, hints: Hint[], facts: Facts, result: CheckResult): Reply[] {
    if (!hints.includes('areaWords') || result.status === 'eligible') return [];
    if (facts.disadvantagedArea != null || facts.ethnicMinority === false) return [];
    return [{ text: say.say('area_words', { lists: areaListsAt(this.date(ctx, facts)) }) }];
  }

  private communeNote(commune: string): string {
    const answer = this.checker.areas?.lookup(commune);
    if (!answer || answer.listed === 'no') return say.say('commune_not_listed');
    if (answer.listed === 'commune') return say.say('commune_listed', { source: answer.entry.source });
    return say.say('commune_villages', { villages: answer.villages.join(', ') });
  }

  private resultReplies(ctx: FlowContext, result: CheckResult, known: Facts, question?: string): Reply[] {
    const hotline = hotlineAt(ctx.today);
    const facts = this.checker.complete(known);
    const lines: string[] = [];
    if (result.status === 'eligible') {
      lines.push(say.say('eligible'));
      for (const g of result.groups) lines.push(say.say('eligible_group', g));
    } else if (result.status === 'ineligible') {
      lines.push(say.say('ineligible', { date: vnDate(result.asOf) }));
      if (result.unmet.length > 0) lines.push(say.say('ineligible_why', { unmet: result.unmet.map((u) => `• ${u}`).join('\n') }));
    } else {
      lines.push(say.say('more_info', { hotline: hotline.number }));
      if (result.missing.length > 0) lines.push(say.say('more_info_unknown', { facts: result.missing.map((f) => factLabels.say(f)).join('; ') }));
      if (facts.ethnicMinority === true && facts.disadvantagedArea == null) lines.push(say.say('area_check'));
    }
    for (const note of result.notes) lines.push(say.say('note', { reason: note }));
    // From 80 without a pension: the monthly social allowance, and with it legal aid (khoản 7 Điều 7).
    if (result.status === 'ineligible' && typeof facts.age === 'number' && facts.age >= 80 && facts.monthlySocialAllowance !== true) lines.push(say.say('allowance_80'));
    const replies: Reply[] = [{ text: lines.join('\n') }];
    if (result.documents.length > 0) {
      const docs = [say.say('documents')];
      for (const doc of result.documents) for (const item of doc.items) docs.push(`• ${item}`);
      docs.push(say.say('lost_papers'));
      replies.push({ text: docs.join('\n') });
    }
    // The legal question asked with the facts ("… muốn ly hôn thì phải làm sao") is offered first.
    const asked = question ? `${say.say('question_offer', { question: cutText(question, QUESTION_LABEL) })}\n` : '';
    if (result.status === 'ineligible') {
      replies.push({ text: asked + say.say('ineligible_next', { hotline: hotline.number, hours: hotline.hours }), choices: this.resultChoices(true, question) });
    } else {
      replies.push({ text: asked + say.say('offer'), choices: this.resultChoices(false, question) });
    }
    return replies;
  }

  /** The choices after a result; "hỏi đáp pháp luật" only after a "not eligible" (what they can still do); the other question first. */
  private resultChoices(withAsk: boolean, question?: string) {
    const first = question ? [{ id: QUESTION_CHOICE, label: say.say('choice_question', { question: cutText(question, QUESTION_LABEL) }) }] : [];
    return [...first, ...RESULT_CHOICES.filter((c) => withAsk || c.id !== 'elig:ask').map((c) => ({ id: c.id, label: say.say(c.key) }))];
  }

  private async afterResult(ctx: FlowContext, data: EligibilityData): Promise<FlowResult> {
    const status = this.checker.check(data.facts, ctx.today).status;
    const question = typeof data.question === 'string' ? data.question : undefined;
    const options = [
      ...(question ? [{ id: QUESTION_CHOICE, label: say.say('choice_question', { question: cutText(question, QUESTION_LABEL) }), keywords: ['ban con hoi', 'cau hoi cua toi', 'tra loi cau hoi'] }] : []),
      ...RESULT_CHOICES.filter((c) => status === 'ineligible' || c.id !== 'elig:ask').map((c) => ({
        id: c.id,
        label: say.say(c.key),
        keywords: c.keywords,
      })),
    ];
    const picked = ctx.message.choice
      ? options.find((o) => o.id === ctx.message.choice)
      : matchChoice(ctx.text, options, { mode: 'whole' });
    switch (picked?.id) {
      case QUESTION_CHOICE:
        return { kind: 'switch', flow: 'ask', data: { firstMessage: question }, replies: [] };
      case 'elig:request':
        return { kind: 'switch', flow: 'intake', data: { facts: data.facts, eligibility: status }, replies: [] };
      case 'elig:ask':
        return { kind: 'switch', flow: 'ask', replies: [] };
      case 'elig:restart':
        return this.advance(ctx, { facts: {}, asked: [] }, [{ text: say.say('intro') }]);
      case 'elig:menu':
        return { kind: 'done', replies: [] };
      default:
        return { kind: 'pass', replies: [] };
    }
  }
}

/**
 * What a message states, as the check takes it: "ko có sổ nghèo" alone leaves the household to be
 * asked (poor, near-poor or neither), since a near-poor certificate is still possible and it decides
 * khoản 7 — unless the household is what was just asked (its choices name near-poor).
 */
function forCheck(reading: MessageReading, asked: readonly string[] = []): MessageReading {
  if (!reading.hints.includes('nearPoorUnknown') || asked.includes('household')) return reading;
  const { household: _unsure, ...facts } = reading.facts;
  return { ...reading, facts };
}
