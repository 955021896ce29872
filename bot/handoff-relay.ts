/**
 * The citizen's side of a conversation handed to a person: opening it ("gặp cán bộ"), relaying
 * what the citizen writes to the centre's staff chats while the bot keeps quiet, and ending it.
 * While the bot is quiet it still answers its own opening question ("1. Nhắn cho cán bộ 2. Kết
 * thúc"), tells the citizen now and then that their messages went to staff, and stops flooding the
 * staff chats past a cap (intake/handoff/pacing.yaml).
 * Message text is relayed to staff (that is the point) but never logged.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { isoDateIn, type Clock } from '../lib/clock.ts';
import { matchChoice } from '../lib/choice-matcher.ts';
import { loadMessages } from '../lib/messages.ts';
import type { Outbox } from '../lib/outbox.ts';
import { fold, cutText } from '../lib/text.ts';
import type { Handoff, HandoffStore } from '../intake/handoff/handoff-store.ts';
import { handoffPacing, type HandoffPacing } from '../intake/handoff/pacing.ts';
import { hotlineAt } from '../intake/hotline.ts';
import type { BranchDirectory } from '../intake/routing/directory.ts';
import type { IncomingMessage, Reply } from './message.ts';

const FILE = new URL('./handoff.vi.yaml', import.meta.url);
export const handoffMessages = loadMessages(FILE, [
  'opened', 'choice_continue', 'choice_end', 'go_ahead', 'choose_again', 'relayed_ack', 'capped', 'to_staff_opened',
  'to_staff_message', 'to_staff_capped', 'staff_says', 'closed_by_citizen', 'closed_by_staff', 'to_staff_closed',
  'question_queued', 'question_accepted',
]);
const endWords = (parse(readFileSync(FILE, 'utf8')) as { end_words: string[] }).end_words;

/** The reason of a handoff during which the bot keeps quiet. */
export const SILENT_REASON = 'gặp cán bộ';

/**
 * Why a question is put in the staff queue: the bot was not sure of it ("unsure"), or the person
 * accepted the offer to have staff answer it ("accepted"). Stored as the handoff's reason.
 */
export const QUESTION_REASONS = {
  unsure: 'câu hỏi chưa chắc',
  accepted: 'câu hỏi, người dân muốn cán bộ trả lời',
} as const;
export type QuestionReason = keyof typeof QUESTION_REASONS;

/** The choices under the opening message. */
export const HANDOFF_CHOICES = { continue: 'handoff:continue', end: 'handoff:end' } as const;

/** What the relay made of a citizen's message during a handoff that silences the bot. */
export interface HandoffResponse {
  /** "closed": the citizen ended it; "relayed": sent to staff; "answered": the bot answered it itself. */
  outcome: 'closed' | 'relayed' | 'answered';
  /** What to tell the citizen (an answer, or a short note that staff have the message). */
  replies: Reply[];
}

export interface HandoffRelayDeps {
  handoffs: HandoffStore;
  outbox: Outbox;
  directory: BranchDirectory;
  clock: Clock;
  /** For the hotline of the day; Vietnam when not given. */
  timeZone?: string;
  pacing?: HandoffPacing;
}

export class HandoffRelay {
  private readonly pacing: HandoffPacing;

  constructor(private readonly deps: HandoffRelayDeps) {
    this.pacing = deps.pacing ?? handoffPacing;
  }

  /**
   * Opens (or finds) the conversation's handoff, tells the centre's staff chats, and returns the
   * message saying what happens now, with its two choices (write to staff / back to the assistant).
   */
  async open(message: IncomingMessage, today: string): Promise<Reply> {
    const { handoffs, clock } = this.deps;
    const existing = await handoffs.active(message.channel, message.chatId);
    const handoff = existing ?? (await handoffs.open(message.channel, message.chatId, message.userId, SILENT_REASON, clock.now()));
    if (existing && existing.reason !== SILENT_REASON) await handoffs.setReason(existing.id, SILENT_REASON);
    if (!existing || existing.reason !== SILENT_REASON) {
      await handoffs.setAwaitingChoice(handoff.id, true);
      await this.toStaff(handoffMessages.say('to_staff_opened', { code: handoff.code, channel: message.channel }), message);
    }
    const hotline = hotlineAt(today);
    return {
      text: handoffMessages.say('opened', { code: handoff.code, hours: this.hours(today), hotline: hotline.number }),
      choices: [
        { id: HANDOFF_CHOICES.continue, label: handoffMessages.say('choice_continue') },
        { id: HANDOFF_CHOICES.end, label: handoffMessages.say('choice_end') },
      ],
    };
  }

  /**
   * Puts a question in the staff queue without silencing the bot. `reason` records why: the bot
   * was not sure ("unsure"), or the person accepted the offer of a staff answer ("accepted").
   */
  async queueQuestion(message: IncomingMessage, question: string, reason: QuestionReason = 'unsure'): Promise<void> {
    const { handoffs, clock } = this.deps;
    const stored = QUESTION_REASONS[reason];
    const existing = await handoffs.active(message.channel, message.chatId);
    const handoff = existing ?? (await handoffs.open(message.channel, message.chatId, message.userId, stored, clock.now()));
    if (existing && reason === 'accepted' && existing.reason === QUESTION_REASONS.unsure) await handoffs.setReason(existing.id, stored);
    const key = reason === 'accepted' ? 'question_accepted' : 'question_queued';
    await this.toStaff(handoffMessages.say(key, { code: handoff.code, text: cutText(question, 1000) }), message);
  }

  /** The conversation's handoff during which the bot keeps quiet, if one is open. */
  async silencing(message: IncomingMessage): Promise<Handoff | undefined> {
    const handoff = await this.deps.handoffs.active(message.channel, message.chatId);
    return handoff?.reason === SILENT_REASON ? handoff : undefined;
  }

  /**
   * Handles a citizen's message during a handoff that silences the bot, for a caller that sends no
   * reply on "relayed": whatever the citizen should be told goes to their chat through the outbox.
   */
  async handle(message: IncomingMessage, handoff: Handoff): Promise<'closed' | 'relayed'> {
    const { outcome, replies } = await this.respond(message, handoff);
    for (const reply of replies) {
      await this.deps.outbox.enqueue({ channel: message.channel, chatId: message.chatId, ...reply }, this.deps.clock.now());
    }
    return outcome === 'closed' ? 'closed' : 'relayed';
  }

  /**
   * What a citizen's message during a handoff that silences the bot means: "kết thúc" (or the
   * "end" choice) ends it; an answer to the opening question is answered by the bot and not sent to
   * staff; anything else is relayed, with a short note to the citizen at most every few minutes,
   * until the cap of messages staff have not answered yet.
   */
  async respond(message: IncomingMessage, handoff: Handoff): Promise<HandoffResponse> {
    const { handoffs, clock } = this.deps;
    const now = clock.now();
    const text = message.text.trim();
    const pressed = message.choice;
    if (pressed === HANDOFF_CHOICES.end || (!pressed && this.isEnd(text))) return this.close(handoff, message);
    if (pressed === HANDOFF_CHOICES.continue) return this.goAhead(handoff);
    // Another button (an old menu, say) is not a message for staff.
    if (pressed) return { outcome: 'answered', replies: [{ text: handoffMessages.say('go_ahead') }] };
    if (handoff.awaitingChoice) {
      const picked = matchChoice(text, this.openingOptions(), { mode: 'whole' });
      if (picked?.id === HANDOFF_CHOICES.end) return this.close(handoff, message);
      if (picked?.id === HANDOFF_CHOICES.continue) return this.goAhead(handoff);
      if (/^\d{1,2}$/u.test(fold(text))) return { outcome: 'answered', replies: [{ text: handoffMessages.say('choose_again') }] };
    }
    const relayed = text || (message.attachments?.length ? '(tệp đính kèm)' : '');
    if (!relayed) return { outcome: 'answered', replies: [] };
    if (handoff.unanswered >= this.pacing.maxUnansweredMessages) {
      if (handoff.cappedAt && !this.elapsed(handoff.cappedAt, now)) return { outcome: 'answered', replies: [] };
      if (!handoff.cappedAt) {
        await this.toStaff(handoffMessages.say('to_staff_capped', { code: handoff.code, count: handoff.unanswered }), message);
      }
      await handoffs.markCapped(handoff.id, now);
      const today = isoDateIn(now, this.deps.timeZone);
      return { outcome: 'answered', replies: [{ text: handoffMessages.say('capped', { hotline: hotlineAt(today).number, hours: hotlineAt(today).hours }) }] };
    }
    await this.toStaff(handoffMessages.say('to_staff_message', { code: handoff.code, text: cutText(relayed, 2000) }), message);
    await handoffs.countRelayed(handoff.id);
    if (handoff.lastAckAt && !this.elapsed(handoff.lastAckAt, now)) return { outcome: 'relayed', replies: [] };
    await handoffs.markAcknowledged(handoff.id, now);
    return { outcome: 'relayed', replies: [{ text: handoffMessages.say('relayed_ack') }] };
  }

  private async close(handoff: Handoff, message: IncomingMessage): Promise<HandoffResponse> {
    await this.deps.handoffs.close(handoff.id, this.deps.clock.now());
    await this.toStaff(handoffMessages.say('to_staff_closed', { code: handoff.code }), message);
    return { outcome: 'closed', replies: [] };
  }

  private async goAhead(handoff: Handoff): Promise<HandoffResponse> {
    await this.deps.handoffs.setAwaitingChoice(handoff.id, false);
    return { outcome: 'answered', replies: [{ text: handoffMessages.say('go_ahead') }] };
  }

  private isEnd(text: string): boolean {
    return matchChoice(text, [{ id: 'end', label: endWords[0]!, keywords: endWords }], { mode: 'whole', numbers: false }) !== undefined;
  }

  private openingOptions() {
    return [
      { id: HANDOFF_CHOICES.continue, label: handoffMessages.say('choice_continue'), keywords: ['nhắn cán bộ', 'gặp cán bộ'] },
      { id: HANDOFF_CHOICES.end, label: handoffMessages.say('choice_end'), keywords: ['quay lại', 'quay lại trợ lý', 'trợ lý tự động'] },
    ];
  }

  /** Whether the ack interval has passed since `since`. */
  private elapsed(since: string, now: Date): boolean {
    return now.getTime() - Date.parse(since) >= this.pacing.ackEveryMinutes * 60_000;
  }

  private hours(today: string): string {
    return this.deps.directory.data.centre.hours || hotlineAt(today).hours;
  }

  /** Sends `text` to the centre's staff chats, as a message about the citizen's conversation. */
  private async toStaff(text: string, from: { channel: string; chatId: string }): Promise<void> {
    const about = { channel: from.channel, chatId: from.chatId };
    for (const chat of this.deps.directory.centre.staffChats) await this.deps.outbox.enqueue({ ...chat, text, about }, this.deps.clock.now());
  }
}
