/**
 * "Kiểm tra có được trợ giúp pháp lý không" in the chat: asks, one short question at a time, only
 * what can still change the answer, the most decisive first, and stops as soon as the answer is
 * settled either way; takes facts stated in any message ("bà 75 tuổi, nhà cận nghèo"); explains the
 * result with its clause (or, when not eligible, which conditions were not met and what the person
 * can still do), lists the papers to bring, and offers to file a request with the facts carried over.
 */
import { loadMessages } from '../../lib/messages.ts';
import { matchChoice } from '../../lib/choice-matcher.ts';
import { hotlineAt } from '../../intake/hotline.ts';
import { factLabels, vnDate, type CheckResult } from '../../intake/eligibility/check.ts';
import type { EligibilityChecker } from '../../intake/eligibility/checker.ts';
import { areaListsAt } from '../../intake/eligibility/disadvantaged-areas.ts';
import { readMessage, type Hint } from '../../intake/eligibility/fact-extractor.ts';
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
import { endsAsking } from '../nlu/intents.ts';
import type { Reply } from '../message.ts';

/** How sure the question-field guess must be that a question is about another field of law. */
const OTHER_FIELD_MIN = 0.3;

const say = loadMessages(new URL('./eligibility.vi.yaml', import.meta.url), [
  'intro', 'understood', 'not_understood', 'age_not_understood', 'commune_not_listed', 'commune_listed',
  'commune_villages', 'area_words', 'area_check', 'eligible', 'eligible_group', 'documents', 'lost_papers',
  'ineligible', 'ineligible_why', 'ineligible_next', 'more_info', 'more_info_unknown', 'note', 'offer',
  'choice_request', 'choice_ask', 'choice_restart', 'choice_menu',
]);

/** What the flow keeps in the conversation state. */
export interface EligibilityData {
  facts: Facts;
  /** Questions already answered. */
  asked: QuestionId[];
  /** Questions answered "không rõ" (never asked again). */
  dontKnow?: QuestionId[];
  /** The question waiting for an answer. */
  asking?: QuestionId;
  [key: string]: unknown;
}

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
    if (!endsAsking(ctx.text) || aboutLegalAid(ctx.text)) return true;
    const field = questionFields().classify(ctx.text);
    return !(field && field.score >= OTHER_FIELD_MIN && !field.legalAid);
  }

  async enter(ctx: FlowContext, data?: Record<string, unknown>): Promise<FlowResult> {
    const carried = (data?.facts as Facts | undefined) ?? {};
    const first = typeof data?.firstMessage === 'string' ? readMessage(data.firstMessage, ctx.today) : { facts: {}, hints: [] };
    const facts = mergeFacts(carried, first.facts);
    const state: EligibilityData = { facts, asked: [] };
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
    if (ctx.state.step === 'result') return this.resultReplies(ctx, this.checker.check(data.facts, ctx.today), data.facts);
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
    const reading = ctx.message.choice ? { facts: {}, hints: [] as Hint[] } : readMessage(ctx.text, ctx.today);
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
    const state: EligibilityData = { facts, asked, dontKnow };
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
    const state: EligibilityData = { facts: data.facts, asked: data.asked, dontKnow: data.dontKnow ?? [] };
    return { kind: 'next', step: 'result', data: state, replies: [...before, ...this.resultReplies(ctx, result, data.facts)] };
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

  private resultReplies(ctx: FlowContext, result: CheckResult, known: Facts): Reply[] {
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
    const replies: Reply[] = [{ text: lines.join('\n') }];
    if (result.documents.length > 0) {
      const docs = [say.say('documents')];
      for (const doc of result.documents) for (const item of doc.items) docs.push(`• ${item}`);
      docs.push(say.say('lost_papers'));
      replies.push({ text: docs.join('\n') });
    }
    if (result.status === 'ineligible') {
      replies.push({ text: say.say('ineligible_next', { hotline: hotline.number, hours: hotline.hours }), choices: this.resultChoices(true) });
    } else {
      replies.push({ text: say.say('offer'), choices: this.resultChoices(false) });
    }
    return replies;
  }

  /** The choices after a result; "hỏi đáp pháp luật" only after a "not eligible" (what they can still do). */
  private resultChoices(withAsk: boolean) {
    return RESULT_CHOICES.filter((c) => withAsk || c.id !== 'elig:ask').map((c) => ({ id: c.id, label: say.say(c.key) }));
  }

  private async afterResult(ctx: FlowContext, data: EligibilityData): Promise<FlowResult> {
    const status = this.checker.check(data.facts, ctx.today).status;
    const options = RESULT_CHOICES.filter((c) => status === 'ineligible' || c.id !== 'elig:ask').map((c) => ({
      id: c.id,
      label: say.say(c.key),
      keywords: c.keywords,
    }));
    const picked = ctx.message.choice
      ? options.find((o) => o.id === ctx.message.choice)
      : matchChoice(ctx.text, options, { mode: 'whole' });
    switch (picked?.id) {
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
