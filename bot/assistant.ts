/**
 * The dialogue core. Every channel calls `handle` with an IncomingMessage and sends back the
 * replies. It loads the conversation's state from SQLite, applies the words that work anywhere
 * ("menu", "quay lại", "hủy", "gặp cán bộ", "trợ giúp"), lets the current flow answer, and saves.
 */
import { isoDateIn, type Clock } from '../lib/clock.ts';
import { KeyedQueue } from '../lib/keyed-queue.ts';
import type { Logger, Pseudonymizer } from '../lib/logger.ts';
import type { SqlStatement } from '../lib/sqlite.ts';
import { nfc } from '../lib/text.ts';
import { hotlineAt } from '../intake/hotline.ts';
import { ConversationStore, MENU_STATE, type ConversationState, type Snapshot } from './conversation-store.ts';
import type { Flow, FlowContext, FlowResult } from './flow.ts';
import { globalCommandOf, type GlobalCommandId } from './global-commands.ts';
import { intents, looksLikeQuestion, type IntentId } from './nlu/intents.ts';
import { matchChoice } from '../lib/choice-matcher.ts';
import { syllables } from '../lib/text.ts';
import { MenuFlow, type MenuItem } from './menu.ts';
import type { IncomingMessage, Reply } from './message.ts';
import { botMessages } from './messages.ts';
import type { HandoffRelay } from './handoff-relay.ts';
import { handoffMessages } from './handoff-relay.ts';
import type { StaffCommands } from './staff-commands.ts';

const HISTORY_LIMIT = 30;

export interface AssistantOptions {
  store: ConversationStore;
  /** Staff commands ("/xem TG-…") from configured staff. */
  staff?: StaffCommands;
  /** Conversations handed to a person: the bot keeps quiet there. */
  handoff?: HandoffRelay;
  logger: Logger;
  /** Chat ids in log lines go through it (a keyed hash). */
  pseudonym: Pseudonymizer;
  clock: Clock;
  timeZone: string;
  menu: MenuItem[];
  flows: Flow[];
  /**
   * Answers a question asked in the middle of another flow (a short answer; the pending question is
   * asked again after it). Without it such a question is treated as an unclear answer.
   */
  answerQuestion?: (question: string, ctx: FlowContext) => Promise<Reply[]>;
  /**
   * What a message calls for before anything else, whatever is being asked (danger → 113, a relative
   * just arrested → the 12-hour rule and the hotline); said once, first.
   */
  urgentNotices?: (text: string) => string[];
}

/** The intents that work anywhere, like the global words, when said in a short message. */
const GLOBAL_INTENTS: ReadonlySet<IntentId> = new Set(['greet', 'thanks', 'bye', 'menu', 'back', 'cancel', 'staff', 'help']);
/** A message longer than this many syllables is never read as a global intent. */
const GLOBAL_INTENT_MAX_WORDS = 5;
/** The state of "do you really want to leave?" asked before a half-filled form is dropped. */
const CONFIRM_LEAVE = 'confirm-leave';

type Command = GlobalCommandId | 'thanks' | 'bye';

/** The global words of a person's rights over their data, and what they ask of bot/flows/privacy.ts. */
const PRIVACY_ACTIONS = { my_data: 'show', erase_data: 'erase', withdraw_consent: 'withdraw' } as const;

/** What a durable turn writes besides its state (its replies, "handled"), and what follows the commit. */
export interface TurnWrites {
  statements: SqlStatement[];
  /** Runs once the turn is committed (wakes the sender). */
  afterCommit?: () => void;
}

export class Assistant {
  private readonly flows = new Map<string, Flow>();
  private readonly menu: MenuFlow;
  private readonly queue = new KeyedQueue();

  constructor(private readonly options: AssistantOptions) {
    for (const flow of options.flows) this.flows.set(flow.id, flow);
    this.menu = new MenuFlow(options.menu, this.flows);
    this.flows.set('menu', this.menu);
  }

  /** Answers one message. Messages of one conversation are handled one at a time, in order. */
  handle(message: IncomingMessage): Promise<Reply[]> {
    return this.queue.run(`${message.channel}\u0000${message.chatId}`, () => this.turn(message));
  }

  /**
   * Answers one message durably (bot/delivery/channel-pipeline.ts): the turn is worked out first, then
   * the new conversation state and `commit` (which enqueues the replies and marks the message
   * handled) are written in one transaction. Duplicates are recognised by the caller's inbox.
   */
  handleDurably(message: IncomingMessage, commit: (replies: Reply[]) => TurnWrites): Promise<Reply[]> {
    return this.queue.run(`${message.channel}\u0000${message.chatId}`, () => this.turn(message, commit));
  }

  /** The greeting for a conversation being opened (console start, Telegram /start). */
  async greet(channel: string, chatId: string): Promise<Reply[]> {
    const state = await this.options.store.load(channel, chatId);
    const ctx = this.context(syntheticMessage(channel, chatId), state ?? { ...MENU_STATE, history: [] });
    if (!state || state.flow === 'menu') {
      return [{ text: botMessages.say('welcome') }, this.menu.menuReply()];
    }
    return [{ text: botMessages.say('welcome_back') }, ...this.flowOf(state.flow).prompt(ctx)];
  }

  /** Waits until every message being handled has been answered (for a clean stop). */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  /**
   * One turn. Without `commit`, the message id is checked for a duplicate here and the state saved
   * alone; with it, the state and `commit` are written in one transaction.
   */
  private async turn(message: IncomingMessage, commit?: (replies: Reply[]) => TurnWrites): Promise<Reply[]> {
    const { store, logger } = this.options;
    const now = this.options.clock.now();
    const who = this.options.pseudonym(message.channel, message.chatId);
    if (!commit && !(await store.markSeen(message.channel, message.chatId, message.messageId, now))) {
      logger.info({ chat: who, channel: message.channel }, 'duplicate message ignored');
      return [];
    }
    const saved = await store.load(message.channel, message.chatId);
    const state: ConversationState = saved ?? { ...MENU_STATE, history: [] };
    const ctx = this.context(message, state);
    /** What the turn comes to: the replies, and the conversation's new state when it has one. */
    let result: { state?: ConversationState; replies: Reply[] };
    try {
      result = await this.outcome(message, ctx, state, saved === undefined);
    } catch (err) {
      logger.error({ chat: who, flow: state.flow, step: state.step, err: errorSummary(err) }, 'flow failed');
      result = { replies: [{ text: botMessages.say('internal_error', { hotline: hotlineAt(ctx.today).number }) }] };
    }
    const next = result.state;
    if (next) {
      const notices = message.choice ? [] : (this.options.urgentNotices?.(message.text) ?? []).filter((n) => !result.replies.some((r) => r.text.includes(n)));
      if (notices.length > 0) result.replies = [{ text: notices.join('\n') }, ...result.replies];
      // The buttons this turn shows: a later press of any other is from an earlier message.
      next.offered = result.replies.flatMap((r) => r.choices?.map((c) => c.id) ?? []);
    }
    // The new state (if any) is saved with what the caller commits, in one transaction written in
    // one call into the database (the connection is held for the shortest time).
    if (commit) {
      const writes = commit(result.replies);
      const saveState = next ? [store.saveStatement(message.channel, message.chatId, message.userId, next, now)] : [];
      await store.write([...saveState, ...writes.statements]);
      writes.afterCommit?.();
    } else if (next) {
      await store.save(message.channel, message.chatId, message.userId, next, now);
    }
    if (next) logger.info({ chat: who, channel: message.channel, flow: next.flow, step: next.step, replies: result.replies.length }, 'message handled');
    return result.replies;
  }

  /** The turn's replies and new state: a staff command, a handoff, media alone, or the flows'. */
  private async outcome(message: IncomingMessage, ctx: FlowContext, state: ConversationState, fresh: boolean): Promise<{ state?: ConversationState; replies: Reply[] }> {
    const { logger } = this.options;
    const who = this.options.pseudonym(message.channel, message.chatId);
    if (this.options.staff?.concerns(message)) {
      logger.info({ chat: who, channel: message.channel }, 'staff command');
      return { replies: await this.options.staff.handle(message) };
    }
    const handoff = await this.options.handoff?.silencing(message);
    if (handoff) {
      const done = await this.options.handoff!.handle(message, handoff);
      logger.info({ chat: who, channel: message.channel, handoff: handoff.code, done }, 'handoff message');
      return done === 'relayed' ? { replies: [] } : this.resumeAfterHandoff(state, ctx);
    }
    if (!message.text.trim() && !message.choice && message.attachments?.length) {
      // A photo or sticker alone (outside a handoff, where a person sees it): say what can be read.
      return { replies: message.chatType === 'group' ? [] : [{ text: botMessages.say('text_only') }] };
    }
    return this.respond(ctx, state, fresh);
  }

  private async respond(
    ctx: FlowContext,
    state: ConversationState,
    fresh: boolean,
  ): Promise<{ state: ConversationState; replies: Reply[] }> {
    if (state.flow === CONFIRM_LEAVE) return this.confirmLeave(ctx, state);
    const atMenu = state.flow === 'menu';
    const flow = this.flowOf(state.flow);
    // A word that answers the pending question ("dung" for "đúng" at the summary, a choice's own
    // label such as "kiểm tra lại từ đầu") is the flow's, not a global word.
    // …except a person's data rights ("dữ liệu của tôi", "xóa dữ liệu của tôi"): said wholly, they are
    // never an answer ("Cho chính tôi" would take them by the word "tôi").
    const word = ctx.message.choice ? undefined : globalCommandOf(ctx.text);
    const command =
      word && word in PRIVACY_ACTIONS
        ? word
        : ctx.message.choice || (!atMenu && flow.claims?.(ctx))
          ? undefined
          : (word ?? this.intentCommand(ctx, flow, atMenu));
    // A button from an earlier message (its question was answered or the form moved on) is not taken
    // as the answer to the question now pending: that question is asked again.
    const pressed = ctx.message.choice;
    if (pressed && !atMenu && state.offered && !state.offered.includes(pressed) && !/^(menu|desk):/u.test(pressed)) {
      const pending = flow.prompt(ctx);
      if (!pending.some((r) => r.choices?.some((c) => c.id === pressed))) {
        return { state, replies: [{ text: botMessages.say('stale_button') }, ...pending] };
      }
    }
    // Leaving a form with answers in it asks first: nothing a person gave is dropped by one word.
    if ((command === 'cancel' || command === 'menu') && !atMenu && flow.hasWork?.(state)) {
      return {
        state: { flow: CONFIRM_LEAVE, step: 'ask', data: {}, history: [...state.history, { flow: state.flow, step: state.step, data: state.data }] },
        replies: [this.confirmLeaveQuestion()],
      };
    }
    switch (command) {
      case 'greet':
        if (!atMenu && !fresh) return { state, replies: [{ text: botMessages.say('greet_in_flow') }, ...flow.prompt(ctx)] };
        return this.toMenu([{ text: botMessages.say('welcome') }]);
      case 'thanks':
      case 'bye':
        if (!atMenu) return { state, replies: [{ text: botMessages.say('thanks_in_flow') }, ...flow.prompt(ctx)] };
        return { state, replies: [{ text: botMessages.say(command === 'bye' ? 'bye' : 'thanks') }] };
      case 'menu':
        return this.toMenu(fresh ? [{ text: botMessages.say('welcome') }] : []);
      case 'cancel':
        return this.toMenu(atMenu ? [] : [{ text: botMessages.say('cancelled') }]);
      case 'back': {
        const previous = state.history.at(-1);
        if (!previous) return this.toMenu([{ text: botMessages.say('back_at_start') }]);
        return this.resume({ ...previous, history: state.history.slice(0, -1) }, ctx, []);
      }
      case 'help':
        return { state, replies: [{ text: botMessages.say('help') }, ...this.flowOf(state.flow).prompt(ctx)] };
      case 'staff':
        return this.apply(state, { kind: 'switch', flow: 'staff', replies: [] }, ctx);
      case 'my_data':
      case 'erase_data':
      case 'withdraw_consent':
        return this.apply(state, { kind: 'switch', flow: 'privacy', data: { action: PRIVACY_ACTIONS[command] }, replies: [] }, ctx);
      default:
        break;
    }
    const result = await flow.answer(ctx);
    if (fresh && atMenu && result.kind === 'stay' && result.notUnderstood) {
      // A first message that chose nothing ("alo", "cho hỏi"): greet, then show the menu.
      return this.toMenu([{ text: botMessages.say('welcome') }]);
    }
    // A question asked in the middle of a form: a short answer, then the pending question again.
    if (!atMenu && result.kind === 'stay' && result.notUnderstood && this.options.answerQuestion && looksLikeQuestion(ctx.text)) {
      const answer = await this.options.answerQuestion(ctx.text, ctx);
      return { state, replies: [...answer, { text: botMessages.say('back_to_question') }, ...flow.prompt(ctx)] };
    }
    return this.apply(state, result, ctx);
  }

  /**
   * The global intent a short message says when it holds none of the words of global-commands.yaml
   * — unless the message is one of the pending question's own choices ("kiểm tra lại từ đầu" is a
   * button of the eligibility result, not "menu").
   */
  private intentCommand(ctx: FlowContext, flow: Flow, atMenu: boolean): Command | undefined {
    if (syllables(ctx.text).length > GLOBAL_INTENT_MAX_WORDS) return undefined;
    const intent = intents().classify(ctx.text, { score: 0.6, margin: 0.15 });
    if (!intent || !GLOBAL_INTENTS.has(intent.id)) return undefined;
    const choices = atMenu ? [] : flow.prompt(ctx).flatMap((r) => r.choices ?? []);
    if (choices.length > 0 && matchChoice(ctx.text, choices, { mode: 'whole', numbers: false })) return undefined;
    return intent.id as Command;
  }

  /**
   * After a handoff the person ended: back to a form left half-filled for it ("gặp cán bộ" in the
   * middle of a request), with its answers; otherwise the menu.
   */
  private resumeAfterHandoff(state: ConversationState, ctx: FlowContext): { state: ConversationState; replies: Reply[] } {
    const here = state.flow !== 'menu' && state.flow !== 'staff' ? { flow: state.flow, step: state.step, data: state.data } : state.history.at(-1);
    if (here && here.flow !== 'menu' && this.flowOf(here.flow).hasWork?.({ ...here })) {
      const history = state.flow === here.flow ? state.history : state.history.slice(0, -1);
      return this.resume({ ...here, history }, ctx, [{ text: botMessages.say('handoff_ended_resume') }]);
    }
    return this.toMenu([{ text: handoffMessages.say('closed_by_citizen') }]);
  }

  private confirmLeaveQuestion(): Reply {
    return {
      text: botMessages.say('confirm_leave'),
      choices: [
        { id: 'leave:yes', label: botMessages.say('confirm_leave_yes') },
        { id: 'leave:no', label: botMessages.say('confirm_leave_no') },
      ],
    };
  }

  /** The answer to "do you really want to leave?": leave, go on where the person was, or ask again. */
  private async confirmLeave(ctx: FlowContext, state: ConversationState): Promise<{ state: ConversationState; replies: Reply[] }> {
    const options = [
      { id: 'leave:yes', label: botMessages.say('confirm_leave_yes'), keywords: ['dừng', 'hủy', 'huỷ', 'thôi', 'bỏ', 'dừng lại', 'về menu', 'menu'] },
      { id: 'leave:no', label: botMessages.say('confirm_leave_no'), keywords: ['tiếp', 'làm tiếp', 'tiếp tục', 'không dừng', 'chưa'] },
    ];
    let picked = ctx.message.choice ?? matchChoice(ctx.text, options)?.id;
    if (!picked) {
      const intent = intents().classify(ctx.text)?.id;
      picked = intent === 'affirm' || intent === 'cancel' ? 'leave:yes' : intent === 'deny' ? 'leave:no' : undefined;
    }
    const previous = state.history.at(-1);
    if (picked === 'leave:yes' || !previous) return this.toMenu([{ text: botMessages.say('cancelled') }]);
    if (picked === 'leave:no') {
      return this.resume({ ...previous, history: state.history.slice(0, -1) }, ctx, [{ text: botMessages.say('continue_where') }]);
    }
    return { state, replies: [this.confirmLeaveQuestion()] };
  }

  private async apply(
    state: ConversationState,
    result: FlowResult,
    ctx: FlowContext,
  ): Promise<{ state: ConversationState; replies: Reply[] }> {
    const remember = (): Snapshot[] =>
      [...state.history, { flow: state.flow, step: state.step, data: state.data }].slice(-HISTORY_LIMIT);
    switch (result.kind) {
      case 'stay':
        return { state: result.data ? { ...state, data: result.data } : state, replies: result.replies };
      case 'next':
        return {
          state: { flow: state.flow, step: result.step, data: result.data, history: remember() },
          replies: result.replies,
        };
      case 'done':
        return {
          state: { ...MENU_STATE, history: [] },
          replies: [...result.replies, this.menu.menuReply(botMessages.say('menu_again'))],
        };
      case 'resume': {
        // Where the person was before this flow: a form goes on with its answers, else the menu.
        const previous = state.history.at(-1);
        if (!previous || previous.flow === 'menu' || previous.flow === CONFIRM_LEAVE || !this.flows.has(previous.flow)) {
          return { state: { ...MENU_STATE, history: [] }, replies: [...result.replies, this.menu.menuReply(botMessages.say('menu_again'))] };
        }
        return this.resume({ ...previous, history: state.history.slice(0, -1) }, ctx, [...result.replies, { text: botMessages.say('continue_where') }]);
      }
      case 'pass': {
        const atMenu: ConversationState = { ...MENU_STATE, history: remember() };
        const applied = await this.apply(atMenu, await this.menu.answer(ctx), ctx);
        return { state: applied.state, replies: [...result.replies, ...applied.replies] };
      }
      case 'switch': {
        if (!this.flows.has(result.flow)) {
          return { state, replies: [...result.replies, ...this.menu.comingSoon(result.flow, ctx.today)] };
        }
        const target = this.flowOf(result.flow);
        const entered: ConversationState = { flow: target.id, step: 'start', data: result.data ?? {}, history: remember() };
        const next = await target.enter(this.context(ctx.message, entered), result.data);
        const applied = await this.apply(entered, next, ctx);
        applied.replies = [...result.replies, ...applied.replies];
        // Entering a flow is one step: "quay lại" from its first question goes back to where we came from.
        if (next.kind === 'next') applied.state.history = remember();
        return applied;
      }
    }
  }

  /** Back to a saved place: its question asked again after `before`. */
  private resume(restored: ConversationState, ctx: FlowContext, before: Reply[]): { state: ConversationState; replies: Reply[] } {
    return { state: restored, replies: [...before, ...this.flowOf(restored.flow).prompt(this.context(ctx.message, restored))] };
  }

  private toMenu(before: Reply[]): { state: ConversationState; replies: Reply[] } {
    return { state: { ...MENU_STATE, history: [] }, replies: [...before, this.menu.menuReply()] };
  }

  private flowOf(id: string): Flow {
    return this.flows.get(id) ?? this.menu;
  }

  private context(message: IncomingMessage, state: Snapshot): FlowContext {
    const now = this.options.clock.now();
    return { message, text: nfc(message.text), state, now, today: isoDateIn(now, this.options.timeZone) };
  }
}

function syntheticMessage(channel: string, chatId: string): IncomingMessage {
  return { channel, chatId, userId: chatId, text: '', messageId: '', time: new Date() };
}

/** An error's class and message, never the data it was about. */
export function errorSummary(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}`.slice(0, 300) : String(err).slice(0, 300);
}
