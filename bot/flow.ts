/**
 * A flow is one dialogue a person can be in: the menu, the eligibility check, the intake…
 * The core keeps the flow's step and data in the conversation state; the flow decides what to
 * ask and what an answer means. To add a dialogue step, add a step to a flow; to add a feature,
 * write a flow and register it in `bot/app.ts`.
 */
import type { Snapshot } from './conversation-store.ts';
import type { IncomingMessage, Reply } from './message.ts';

export interface FlowContext {
  message: IncomingMessage;
  /** The message text, NFC-normalised and trimmed. */
  text: string;
  /** The flow's current step and data. */
  state: Snapshot;
  /** Today's date ("YYYY-MM-DD") in the configured time zone. */
  today: string;
  now: Date;
}

/** What a flow wants done after a turn. */
export type FlowResult =
  /** Ask again (an answer was not understood); state unchanged. */
  | { kind: 'stay'; replies: Reply[]; data?: Record<string, unknown>; notUnderstood?: boolean }
  /** Move to `step` with `data` (remembered for "quay lại"). */
  | { kind: 'next'; step: string; data: Record<string, unknown>; replies: Reply[] }
  /** Hand over to another flow, which starts with `data`. */
  | { kind: 'switch'; flow: string; data?: Record<string, unknown>; replies: Reply[] }
  /** Finished: back to the menu. */
  | { kind: 'done'; replies: Reply[] }
  /**
   * Finished: back to where the person was before this flow (a form half-filled, with its answers:
   * its question is asked again), or to the menu when they came from there.
   */
  | { kind: 'resume'; replies: Reply[] }
  /** Not this flow's message (someone moved on): leave the flow and let the menu read it. */
  | { kind: 'pass'; replies: Reply[] };

export interface Flow {
  /** The id menu items and other flows use to open it. */
  readonly id: string;
  /** Starts the flow (its first question, or a one-shot answer). */
  enter(ctx: FlowContext, data?: Record<string, unknown>): Promise<FlowResult>;
  /** Handles an answer at the current step. */
  answer(ctx: FlowContext): Promise<FlowResult>;
  /** The current step's question again (after "quay lại", "trợ giúp", or a restart). */
  prompt(ctx: FlowContext): Reply[];
  /**
   * Whether a message typed at the menu belongs to this flow (a question, a fact about the person),
   * so the menu can hand it over instead of saying it did not understand.
   */
  takes?(ctx: FlowContext): boolean;
  /**
   * Whether the flow holds answers a person would lose by leaving it (a half-filled request): then
   * "hủy" and "menu" ask before dropping them.
   */
  hasWork?(state: Snapshot): boolean;
  /**
   * Whether the message answers the pending question even though it reads as a global word ("dung"
   * typed for "đúng" at a confirmation): then the flow, not the global word, reads it.
   */
  claims?(ctx: FlowContext): boolean;
}
