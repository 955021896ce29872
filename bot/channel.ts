/**
 * A channel connects one platform (console, Telegram, Zalo) to the dialogue core.
 * To add one: turn each platform update into an {@link IncomingMessage}, pass it to
 * `assistant.handle`, and send every {@link Reply} back, rendering choices as buttons or lines.
 */
import type { Delivery } from './message.ts';

export interface Channel {
  /** The name used in IncomingMessage.channel ("telegram"). */
  readonly name: string;
  /** Connects and starts receiving; resolves once running. */
  start(): Promise<void>;
  /** Stops receiving, letting messages already acknowledged finish. */
  stop(): Promise<void>;
  /**
   * Sends a message into one of this channel's conversations (staff replies, alerts); resolves to
   * false when this channel cannot reach that conversation now (it then stays in the outbox).
   */
  deliver(delivery: Delivery): Promise<boolean>;
}
