/**
 * "Hỏi đáp pháp luật": answers questions from the knowledge base with their citations, and keeps
 * answering follow-up questions until the person leaves. When the answer is not sure, it says so
 * and offers a person, the hotline and filing a request. A question asking where to go for a place
 * it names is answered from the address data and the branch directory.
 */
import { loadMessages } from '../../lib/messages.ts';
import { matchChoice, type MatchOption } from '../../lib/choice-matcher.ts';
import { syllables, cutText } from '../../lib/text.ts';
import type { KnowledgeBase } from '../../knowledge/answer.ts';
import { hotlineAt } from '../../intake/hotline.ts';
import type { Flow, FlowContext, FlowResult } from '../flow.ts';
import type { HandoffRelay } from '../handoff-relay.ts';
import type { Reply } from '../message.ts';
import { intents } from '../nlu/intents.ts';

/** Short replies that choose nothing among the choices offered (bot/nlu/intents.yaml ids). */
const BARE_REPLIES = new Set(['affirm', 'deny', 'dont_know']);
const BARE_REPLY_WORDS = 3;

const say = loadMessages(new URL('./ask.vi.yaml', import.meta.url), [
  'prompt', 'next', 'handoff_next', 'choice_staff', 'choice_request', 'choice_menu', 'choice_queue', 'choice_check', 'queued',
  'queued_nothing', 'pick_one',
]);

const CHOICES = [
  { id: 'ask:staff', key: 'choice_staff' as const, flow: 'staff', keywords: ['gap can bo', 'can bo', 'duong day nong'] },
  { id: 'ask:request', key: 'choice_request' as const, flow: 'intake', keywords: ['gui yeu cau', 'yeu cau'] },
  { id: 'ask:menu', key: 'choice_menu' as const, flow: 'menu', keywords: ['ve danh sach', 've menu', 'danh sach viec'] },
];

/** When the answer is not sure: the person may have the question passed to staff, check, or file. */
const UNSURE_CHOICES = [
  { id: 'ask:queue', key: 'choice_queue' as const, flow: 'queue', keywords: ['nhờ cán bộ trả lời', 'chuyển cán bộ', 'hỏi cán bộ', 'có', 'đồng ý'] },
  { id: 'ask:check', key: 'choice_check' as const, flow: 'eligibility', keywords: ['kiểm tra', 'kiểm tra diện'] },
  { id: 'ask:request', key: 'choice_request' as const, flow: 'intake', keywords: ['gui yeu cau', 'yeu cau'] },
  { id: 'ask:menu', key: 'choice_menu' as const, flow: 'menu', keywords: ['ve danh sach', 've menu', 'danh sach viec'] },
];

/** Choice ids of offered FAQ questions ("ask:faq:0"…), and how long a question may be on a button. */
const SUGGESTION = 'ask:faq:';
const SUGGESTION_LABEL = 80;

/** The FAQ questions offered at the last answer, as kept in the conversation's data. */
function suggestionsIn(value: unknown): Array<{ id: string; question: string }> {
  if (!Array.isArray(value)) return [];
  return value.filter((x): x is { id: string; question: string } => typeof x?.id === 'string' && typeof x?.question === 'string');
}

/** The offered FAQ questions as choices, in order ("ask:faq:0"…). */
function suggestionChoices(suggested: ReadonlyArray<{ question: string }>): Array<{ id: string; label: string }> {
  return suggested.map((x, i) => ({ id: `${SUGGESTION}${i}`, label: x.question }));
}

export class AskFlow implements Flow {
  readonly id = 'ask';

  /** With a relay, a question the bot is not sure of is also put in the staff queue. */
  constructor(
    private readonly kb: KnowledgeBase,
    private readonly relay?: HandoffRelay,
    /** The main menu: a message that is just a menu item ("kiem tra") leaves Q&A for it. */
    private readonly menu: MatchOption[] = [],
    /** Answers "where do I go?" for a place the question names (intake/routing/where-to-go.ts). */
    private readonly whereToGo?: { answer(text: string, today: string): string | undefined },
  ) {}

  /** A message at the menu of three or more words is taken as a question. */
  takes(ctx: FlowContext): boolean {
    return syllables(ctx.text).length >= 3;
  }

  async enter(ctx: FlowContext, data?: Record<string, unknown>): Promise<FlowResult> {
    const first = typeof data?.firstMessage === 'string' ? data.firstMessage : undefined;
    if (first) return this.reply(ctx, first);
    return { kind: 'next', step: 'asking', data: {}, replies: [{ text: say.say('prompt') }] };
  }

  prompt(): Reply[] {
    return [{ text: say.say('prompt') }];
  }

  async answer(ctx: FlowContext): Promise<FlowResult> {
    const unsure = typeof ctx.state.data.unsureQuestion === 'string' ? ctx.state.data.unsureQuestion : undefined;
    const suggested = suggestionsIn(ctx.state.data.suggested);
    const options = [
      ...suggestionChoices(suggested).map((c) => ({ ...c, keywords: [] as string[], flow: 'faq' })),
      ...(unsure ? UNSURE_CHOICES : CHOICES).map((c) => ({ id: c.id, label: say.say(c.key), keywords: c.keywords, flow: c.flow })),
    ];
    const picked = ctx.message.choice
      ? options.find((o) => o.id === ctx.message.choice)
      : matchChoice(ctx.text, options, { mode: 'whole' });
    if (picked?.flow === 'faq') {
      // "Có thể bạn muốn hỏi: …": the offered FAQ question's own answer.
      const entry = suggested[Number(picked.id.slice(SUGGESTION.length))]!;
      const result = await this.kb.answerFaq(entry.id, { today: ctx.today, hotline: hotlineAt(ctx.today).number, top: 5 });
      if (result) return this.answered(result.answer);
    }
    if (picked && picked.flow !== 'faq') {
      if (picked.flow === 'menu') return { kind: 'done', replies: [] };
      if (picked.flow === 'queue') {
        // Only now, because the person asked for it, does the question go to the staff queue.
        if (!unsure || !this.relay) return { kind: 'next', step: 'asking', data: {}, replies: [{ text: say.say('queued_nothing') }] };
        await this.relay.queueQuestion(ctx.message, unsure, 'accepted');
        return { kind: 'next', step: 'asking', data: {}, replies: [{ text: say.say('queued', { hotline: hotlineAt(ctx.today).number }) }, { text: say.say('next'), choices: this.choices(CHOICES) }] };
      }
      return { kind: 'switch', flow: picked.flow, replies: [] };
    }
    if (matchChoice(ctx.text, this.menu, { mode: 'whole', numbers: false })) return { kind: 'pass', replies: [] };
    // "ok", "vâng", "không" after an answer's choices choose nothing: the choices again, no law search.
    const offered = ctx.state.data.lastConfidence !== undefined;
    if (offered && syllables(ctx.text).length <= BARE_REPLY_WORDS && BARE_REPLIES.has(intents().classify(ctx.text)?.id ?? '')) {
      const again = this.answerChoices(suggested, unsure !== undefined && this.relay !== undefined);
      return { kind: 'stay', replies: [{ text: say.say('pick_one'), choices: again }] };
    }
    return this.reply(ctx, ctx.text);
  }

  /** The choices after an answer: the offered FAQ questions, then "nhờ cán bộ…" when it was not sure, or the usual ones. */
  private answerChoices(suggested: ReadonlyArray<{ question: string }>, offer: boolean) {
    return [...suggestionChoices(suggested), ...this.choices(offer ? UNSURE_CHOICES : CHOICES)];
  }

  private async reply(ctx: FlowContext, question: string): Promise<FlowResult> {
    // "Tôi ở xã Sông Pe cũ, giờ nộp đơn ở đâu": the branch that serves that commune, as a request is routed.
    const place = this.whereToGo?.answer(question, ctx.today);
    if (place) return this.answered(place);
    const result = await this.kb.ask(question, { today: ctx.today, hotline: hotlineAt(ctx.today).number, top: 5 });
    // A question the bot is not sure of goes to staff only if the person accepts that offer.
    const offer = result.handoff && this.relay !== undefined;
    const suggested = (result.suggestions ?? []).map((x) => ({ id: x.id, question: cutText(x.question, SUGGESTION_LABEL, '…') }));
    const choices = this.answerChoices(suggested, offer);
    const follow = result.handoff ? say.say('handoff_next') : say.say('next');
    return {
      kind: 'next',
      step: 'asking',
      data: {
        lastConfidence: result.confidence,
        ...(offer ? { unsureQuestion: cutText(question, 1000, '') } : {}),
        ...(suggested.length > 0 ? { suggested } : {}),
      },
      replies: [{ text: result.answer }, { text: follow, choices }],
    };
  }

  /** A sure answer, then "ask on, or choose". */
  private answered(text: string): FlowResult {
    return { kind: 'next', step: 'asking', data: { lastConfidence: 'high' }, replies: [{ text }, { text: say.say('next'), choices: this.choices(CHOICES) }] };
  }

  private choices(list: ReadonlyArray<{ id: string; key: Parameters<typeof say.say>[0] }>): Array<{ id: string; label: string }> {
    return list.map((c) => ({ id: c.id, label: say.say(c.key) }));
  }
}
