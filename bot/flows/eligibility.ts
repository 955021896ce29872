/**
 * "Kiểm tra có được trợ giúp pháp lý không" in the chat: asks, one short question at a time, only
 * what can still change the answer; explains the result with its clause, lists the papers to
 * bring, and offers to file a request with the facts carried over.
 */
import { loadMessages } from '../../lib/messages.ts';
import { matchChoice } from '../../lib/choice-matcher.ts';
import { hotlineAt } from '../../intake/hotline.ts';
import { vnDate, type CheckResult } from '../../intake/eligibility/check.ts';
import type { EligibilityChecker } from '../../intake/eligibility/checker.ts';
import { extractFacts } from '../../intake/eligibility/fact-extractor.ts';
import { describeFacts } from '../../intake/eligibility/fact-statements.ts';
import type { Facts } from '../../intake/eligibility/facts.ts';
import { choicesOf, questionFor, readAnswer, type QuestionId } from '../../intake/eligibility/questions.ts';
import type { Flow, FlowContext, FlowResult } from '../flow.ts';
import type { Reply } from '../message.ts';

const say = loadMessages(new URL('./eligibility.vi.yaml', import.meta.url), [
  'intro', 'understood', 'not_understood', 'age_not_understood', 'commune_not_listed', 'commune_listed',
  'commune_villages', 'eligible', 'eligible_group', 'documents', 'lost_papers', 'ineligible', 'ineligible_next',
  'more_info', 'note', 'offer', 'choice_request', 'choice_restart', 'choice_menu',
]);

/** What the flow keeps in the conversation state. */
export interface EligibilityData {
  facts: Facts;
  /** Questions already asked (a "không rõ" answer is not asked again). */
  asked: QuestionId[];
  /** The question waiting for an answer. */
  asking?: QuestionId;
  [key: string]: unknown;
}

const RESULT_CHOICES = [
  { id: 'elig:request', key: 'choice_request' as const, keywords: ['gui yeu cau', 'co', 'dong y', 'gui', 'nop don'] },
  { id: 'elig:restart', key: 'choice_restart' as const, keywords: ['kiem tra lai', 'lam lai'] },
  { id: 'elig:menu', key: 'choice_menu' as const, keywords: ['ve menu', 'khong', 'thoi', 'danh sach'] },
];

export class EligibilityFlow implements Flow {
  readonly id = 'eligibility';

  constructor(private readonly checker: EligibilityChecker) {}

  /** A message at the menu that states facts about the person ("nhà tôi hộ nghèo") starts the check. */
  takes(ctx: FlowContext): boolean {
    return Object.keys(extractFacts(ctx.text, year(ctx))).length > 0;
  }

  async enter(ctx: FlowContext, data?: Record<string, unknown>): Promise<FlowResult> {
    const carried = (data?.facts as Facts | undefined) ?? {};
    const first = typeof data?.firstMessage === 'string' ? extractFacts(data.firstMessage, year(ctx)) : {};
    const facts = { ...carried, ...first };
    // The intro explains the questions to come; a result reached at once needs none.
    const result = this.checker.check(facts, ctx.today);
    const before: Reply[] = this.nextQuestion({ facts, asked: [] }, result) ? [{ text: say.say('intro') }] : [];
    const known = describeFacts(facts);
    if (known.length > 0) before.push({ text: say.say('understood', { facts: known.join(', ') }) });
    return this.advance(ctx, { facts, asked: [] }, before, result);
  }

  prompt(ctx: FlowContext): Reply[] {
    const data = ctx.state.data as EligibilityData;
    if (ctx.state.step === 'result') return this.resultReplies(ctx, this.checker.check(data.facts, ctx.today));
    return data.asking ? [this.question(data.asking)] : [];
  }

  async answer(ctx: FlowContext): Promise<FlowResult> {
    const data = ctx.state.data as EligibilityData;
    if (ctx.state.step === 'result' || !data.asking) return this.afterResult(ctx, data);
    const asking = data.asking;
    const question = questionFor(asking);
    const answer = readAnswer(question, ctx.text, ctx.message.choice, year(ctx));
    const extracted = extractFacts(ctx.text, year(ctx));
    if (!answer && Object.keys(extracted).length === 0) {
      const text = question.kind === 'age' ? say.say('age_not_understood') : say.say('not_understood');
      return { kind: 'stay', replies: [{ text: `${text}\n${question.ask}`, choices: choicesOf(question) }] };
    }
    const facts: Facts = { ...data.facts, ...extracted };
    const before: Reply[] = [];
    if (answer && answer.value !== null) {
      if (asking === 'commune') {
        facts.commune = String(answer.value);
        before.push({ text: this.communeNote(facts.commune) });
      } else {
        (facts as Record<string, unknown>)[asking] = answer.value;
      }
    }
    const others = describeFacts(Object.fromEntries(Object.entries(extracted).filter(([fact]) => fact !== asking)));
    if (others.length > 0) before.push({ text: say.say('understood', { facts: others.join(', ') }) });
    return this.advance(ctx, { facts, asked: [...data.asked, asking] }, before);
  }

  /** Asks the next question that can still change the result, or gives the result. */
  private advance(ctx: FlowContext, data: EligibilityData, before: Reply[], result = this.checker.check(data.facts, ctx.today)): FlowResult {
    const next = this.nextQuestion(data, result);
    if (next) {
      const state: EligibilityData = { ...data, asking: next };
      return { kind: 'next', step: 'asking', data: state, replies: [...before, this.question(next)] };
    }
    const state: EligibilityData = { facts: data.facts, asked: data.asked };
    return { kind: 'next', step: 'result', data: state, replies: [...before, ...this.resultReplies(ctx, result)] };
  }

  /** The first unasked question that can still change `result`, if any. */
  private nextQuestion(data: EligibilityData, result: CheckResult): QuestionId | undefined {
    if (result.status !== 'more_info') return undefined;
    for (const fact of result.missing) {
      if (fact === 'disadvantagedArea' && this.checker.areas && !data.asked.includes('commune') && !data.facts.commune) {
        return 'commune';
      }
      if (!data.asked.includes(fact)) return fact;
    }
    return undefined;
  }

  private question(id: QuestionId): Reply {
    const question = questionFor(id);
    return { text: question.ask, choices: choicesOf(question) };
  }

  private communeNote(commune: string): string {
    const answer = this.checker.areas?.lookup(commune);
    if (!answer || answer.listed === 'no') return say.say('commune_not_listed');
    if (answer.listed === 'commune') return say.say('commune_listed', { source: answer.entry.source });
    return say.say('commune_villages', { villages: answer.villages.join(', ') });
  }

  private resultReplies(ctx: FlowContext, result: CheckResult): Reply[] {
    const hotline = hotlineAt(ctx.today);
    const lines: string[] = [];
    if (result.status === 'eligible') {
      lines.push(say.say('eligible'));
      for (const g of result.groups) lines.push(say.say('eligible_group', g));
    } else if (result.status === 'ineligible') {
      lines.push(say.say('ineligible', { date: vnDate(result.asOf) }));
    } else {
      lines.push(say.say('more_info', { hotline: hotline.number }));
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
      replies.push({ text: say.say('ineligible_next', { hotline: hotline.number }), choices: this.resultChoices() });
    } else {
      replies.push({ text: say.say('offer'), choices: this.resultChoices() });
    }
    return replies;
  }

  private resultChoices() {
    return RESULT_CHOICES.map((c) => ({ id: c.id, label: say.say(c.key) }));
  }

  private async afterResult(ctx: FlowContext, data: EligibilityData): Promise<FlowResult> {
    const options = RESULT_CHOICES.map((c) => ({ id: c.id, label: say.say(c.key), keywords: c.keywords }));
    const picked = ctx.message.choice
      ? options.find((o) => o.id === ctx.message.choice)
      : matchChoice(ctx.text, options, { mode: 'whole' });
    switch (picked?.id) {
      case 'elig:request': {
        const status = this.checker.check(data.facts, ctx.today).status;
        return { kind: 'switch', flow: 'intake', data: { facts: data.facts, eligibility: status }, replies: [] };
      }
      case 'elig:restart':
        return this.advance(ctx, { facts: {}, asked: [] }, [{ text: say.say('intro') }]);
      case 'elig:menu':
        return { kind: 'done', replies: [] };
      default:
        return { kind: 'pass', replies: [] };
    }
  }
}

function year(ctx: FlowContext): number {
  return Number(ctx.today.slice(0, 4));
}
