/**
 * The satisfaction survey (Mẫu số 11-TP-TGPL, questions in intake/paperwork/survey.yaml), asked once
 * per request closed as done, on the person's own channel. When the desk closes a ticket as done
 * (`Desk.onDone`, inside its transaction) `surveyInviter` records the survey (once per ticket, never
 * for a conversation that declined one) and, when the conversation is at the menu, puts it at the
 * invitation and sends it through the outbox; someone in the middle of a form (or of another survey)
 * is not interrupted: the survey waits, and `inviteWaiting` (on the app's timer) starts it once they
 * are back at the menu. Numbered answers; "không" ends it at any point (at the
 * invitation it declines: never asked again); one optional comment at the end.
 */
import { matchChoice } from '../../lib/choice-matcher.ts';
import type { Clock } from '../../lib/clock.ts';
import { loadMessages } from '../../lib/messages.ts';
import type { Outbox } from '../../lib/outbox.ts';
import { fold } from '../../lib/text.ts';
import { surveyQuestions } from '../../intake/paperwork/survey.ts';
import type { SurveyStore } from '../../intake/paperwork/survey-store.ts';
import type { Ticket } from '../../intake/tickets/ticket.ts';
import type { ConversationStore } from '../conversation-store.ts';
import type { Flow, FlowContext, FlowResult } from '../flow.ts';
import { globalCommandOf } from '../global-commands.ts';
import type { Reply } from '../message.ts';

export const SURVEY_FLOW = 'survey';

const say = loadMessages(new URL('./survey.vi.yaml', import.meta.url), [
  'invite', 'yes', 'no', 'question', 'answer_hint', 'comment', 'skip_comment', 'thanks_done', 'thanks_ended', 'declined',
]);

/** Words that stop the survey (or decline it at the invitation). */
const STOP_WORDS = ['không', 'ko', 'k', 'thôi', 'dừng', 'dừng lại', 'hủy', 'huỷ', 'không trả lời', 'không cảm ơn', 'không, cảm ơn', 'bỏ qua'];
const isStop = (text: string) => STOP_WORDS.some((w) => fold(w) === fold(text).replace(/[.!]+$/u, '').trim());
const YES = [{ id: 'survey:yes', label: say.say('yes'), keywords: ['có', 'đồng ý', 'ok', 'được', 'vâng', 'dạ', 'ừ'] }];

interface SurveyData {
  ticketId: number;
  number: string;
  /** Where the survey stands (kept in the data, not as steps: "quay lại" and the end go back to before the survey). */
  at?: 'invite' | 'question' | 'comment';
  /** The question being asked (0-based). */
  index?: number;
}

const where = (ctx: FlowContext): SurveyData => ctx.state.data as unknown as SurveyData;

/** The invitation for a ticket's survey. */
export function invitation(number: string): Reply {
  return {
    text: say.say('invite', { number, count: surveyQuestions().length }),
    choices: [
      { id: 'survey:yes', label: say.say('yes') },
      { id: 'survey:no', label: say.say('no') },
    ],
  };
}

/**
 * What closing a ticket as done does for the survey (run inside the desk's transaction): the survey
 * is recorded once per ticket; the person is invited now unless they declined a survey before, the
 * ticket cannot reach them; someone busy with a form is asked once back at the menu (inviteWaiting).
 */
export function surveyInviter(deps: { surveys: SurveyStore; conversations: ConversationStore; outbox: Outbox; clock: Clock }) {
  return async (ticket: Ticket): Promise<void> => {
    const now = deps.clock.now();
    // Someone busy with a form (or another survey) is not interrupted: the survey waits for them.
    const free = ticket.chatId ? isFree(await deps.conversations.load(ticket.channel, ticket.chatId)) : false;
    if (!(await deps.surveys.invite(ticket, now, free ? 'asked' : 'waiting')) || !free) return;
    await startSurvey(deps, ticket.channel, ticket.chatId, ticket.userId, { ticketId: ticket.id, number: ticket.number }, now);
  };
}

/** A conversation at the menu (or none yet): a survey may start there. */
function isFree(state: { flow: string } | undefined): boolean {
  return !state || state.flow === 'menu';
}

/**
 * Starts the surveys that waited for their person (busy with a form when the request was closed) once
 * that person is back at the menu; run on a timer by the app. Resolves to how many were started.
 */
export async function inviteWaiting(deps: { surveys: SurveyStore; conversations: ConversationStore; outbox: Outbox; clock: Clock; transaction: <T>(work: () => Promise<T>) => Promise<T> }): Promise<number> {
  let started = 0;
  for (const w of await deps.surveys.waiting()) {
    await deps.transaction(async () => {
      if (!isFree(await deps.conversations.load(w.channel, w.chatId))) return;
      const now = deps.clock.now();
      if (!(await deps.surveys.markAsked(w.ticketId, now))) return;
      await startSurvey(deps, w.channel, w.chatId, w.userId, { ticketId: w.ticketId, number: w.number }, now);
      started += 1;
    });
  }
  return started;
}

/** Puts a conversation at a survey's invitation (keeping where it was) and sends the invitation. */
async function startSurvey(
  deps: { conversations: ConversationStore; outbox: Outbox },
  channel: string,
  chatId: string,
  userId: string,
  data: SurveyData,
  now: Date,
): Promise<void> {
  const invite = invitation(data.number);
  await deps.conversations.save(
    channel,
    chatId,
    userId || chatId,
    { flow: SURVEY_FLOW, step: 'ask', data: { ...data, at: 'invite' }, history: [], offered: invite.choices!.map((c) => c.id) },
    now,
  );
  await deps.outbox.enqueue({ channel, chatId, text: invite.text, choices: invite.choices }, now);
}

export class SurveyFlow implements Flow {
  readonly id = SURVEY_FLOW;

  constructor(private readonly deps: { surveys: SurveyStore }) {}

  async enter(ctx: FlowContext, data?: Record<string, unknown>): Promise<FlowResult> {
    return { kind: 'stay', data: { ...(data ?? {}), at: 'invite' }, replies: [invitation(String(data?.number ?? ''))] };
  }

  /** Numbers, the answers' words, "không" and, at the comment, any text are the survey's. */
  claims(ctx: FlowContext): boolean {
    if (isStop(ctx.text) || /^\s*\d\s*$/u.test(ctx.text)) return true;
    if (where(ctx).at === 'comment') {
      const word = globalCommandOf(ctx.text);
      return word !== 'staff' && word !== 'menu';
    }
    return this.choicesAt(ctx).some((c) => matchChoice(ctx.text, [c], { mode: 'whole' }) !== undefined);
  }

  prompt(ctx: FlowContext): Reply[] {
    const data = where(ctx);
    if (data.at === 'comment') return [{ text: say.say('comment'), choices: [{ id: 'survey:skip', label: say.say('skip_comment') }] }];
    if (data.at === 'question') return [this.question(this.index(data))];
    return [invitation(data.number)];
  }

  async answer(ctx: FlowContext): Promise<FlowResult> {
    const data = where(ctx);
    const at = data.at ?? 'invite';
    const now = ctx.now;
    const pressed = ctx.message.choice;
    const { surveys } = this.deps;
    if (at === 'invite') {
      if (pressed === 'survey:no' || isStop(ctx.text)) {
        await surveys.decline(data.ticketId, now);
        return this.after(ctx, say.say('declined'));
      }
      if (pressed === 'survey:yes' || matchChoice(ctx.text, YES, { mode: 'whole' }) || /^\s*1\s*$/u.test(ctx.text)) {
        return { kind: 'stay', data: { ...data, at: 'question', index: 0 }, replies: [this.question(0)] };
      }
      // Something else entirely ("gửi yêu cầu", a question): they moved on; the survey is not asked again.
      return { kind: 'pass', replies: [] };
    }
    if (at === 'comment') {
      const skip = pressed === 'survey:skip' || isStop(ctx.text);
      await surveys.finish(data.ticketId, 'done', now, skip ? '' : ctx.text);
      return this.after(ctx, say.say('thanks_done'));
    }
    const index = this.index(data);
    const question = surveyQuestions()[index]!;
    if (!pressed && isStop(ctx.text)) {
      await surveys.finish(data.ticketId, 'ended', now);
      return this.after(ctx, say.say('thanks_ended'));
    }
    const choices = this.choicesAt(ctx);
    const picked = pressed && choices.some((c) => c.id === pressed) ? pressed : matchChoice(ctx.text, choices)?.id;
    if (!picked) return { kind: 'stay', notUnderstood: true, replies: [{ text: say.say('answer_hint') }, this.question(index)] };
    await surveys.answer(data.ticketId, question.id, Number(picked.split(':').at(-1)));
    const next = index + 1;
    if (next < surveyQuestions().length) return { kind: 'stay', data: { ...data, at: 'question', index: next }, replies: [this.question(next)] };
    return { kind: 'stay', data: { ...data, at: 'comment' }, replies: [{ text: say.say('comment'), choices: [{ id: 'survey:skip', label: say.say('skip_comment') }] }] };
  }

  /** The survey is over: thanks, then back to where the person was (a form keeps its answers). */
  private async after(_ctx: FlowContext, thanks: string): Promise<FlowResult> {
    return { kind: 'resume', replies: [{ text: thanks }] };
  }

  private index(data: SurveyData): number {
    const n = data.index ?? 0;
    return Number.isInteger(n) && n >= 0 && n < surveyQuestions().length ? n : 0;
  }

  private choicesAt(ctx: FlowContext) {
    const data = where(ctx);
    if (data.at === 'comment') return [{ id: 'survey:skip', label: say.say('skip_comment') }];
    if (data.at === 'question') return surveyQuestions()[this.index(data)]!.answers.map((label, i) => ({ id: `survey:a:${i + 1}`, label }));
    return [...YES, { id: 'survey:no', label: say.say('no') }];
  }

  private question(index: number): Reply {
    const q = surveyQuestions()[index]!;
    return {
      text: say.say('question', { n: index + 1, total: surveyQuestions().length, text: q.text }),
      choices: q.answers.map((label, i) => ({ id: `survey:a:${i + 1}`, label })),
    };
  }
}
