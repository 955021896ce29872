/**
 * Delivers the outbox: every reply of a turn, every routed ticket and staff relay waits there (written
 * in the turn's transaction) until a channel has sent it. Per chat, messages go one at a time in the
 * order they were written; chats go side by side, so a slow or failing chat delays only itself.
 *
 * A failure the platform may get over (5xx, 429, a dropped connection) is tried again after a backoff
 * (or the platform's retry_after) while the chat's later messages wait behind it; a message that can
 * never be sent (4xx other than 429, or too many attempts) is parked with its reason, logged, and the
 * chat goes on. A long text is cut to the channel's limit and the parts already sent are recorded, so a
 * retry or a restart resumes with the next part: nothing acknowledged is lost and nothing is sent twice
 * beyond the one part in flight when the process died.
 */
import type { Clock } from '../../lib/clock.ts';
import type { Logger, Pseudonymizer } from '../../lib/logger.ts';
import type { ChatHead, Outbox } from '../../lib/outbox.ts';
import type { Reply } from '../message.ts';
import { splitMessage } from '../channels/split-message.ts';
import { asDeliveryError } from './delivery-error.ts';

/** How many of a chat's messages are read at a time (a turn's replies in one read). */
const HEADS_PER_READ = 8;

/** What the sender needs of a channel: its text limit and how to send one part. */
export interface SendingChannel {
  readonly name: string;
  /** Longest text one platform message takes. */
  readonly textLimit: number;
  /** Sends one message (choices as buttons or lines); throws a DeliveryError-like error on failure. */
  sendPart(chatId: string, part: Reply): Promise<void>;
  /** Whether this channel can reach that chat now (the console reaches only its own); default yes. */
  reaches?(chatId: string): boolean;
}

export interface RetryPolicy {
  /** First wait after a failure; doubled each attempt up to `maxMs`. */
  baseMs: number;
  maxMs: number;
  /** After this many failed attempts a message is parked. */
  maxAttempts: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseMs: 1000, maxMs: 5 * 60_000, maxAttempts: 40 };

export class OutboxSender {
  private readonly channels = new Map<string, SendingChannel>();
  /** Chats with a worker sending now, by chatKey. */
  private readonly workers = new Map<string, Promise<void>>();
  /** Chats woken while their worker was finishing: it starts again. */
  private readonly again = new Set<string>();
  /** Chats waiting for a retry, each with its own timer. */
  private readonly retrying = new Map<string, NodeJS.Timeout>();
  private pass: Promise<void> | undefined;
  private passAgain = false;
  private stopped = false;
  private readonly retry: RetryPolicy;

  constructor(
    private readonly deps: { outbox: Outbox; clock: Clock; logger: Logger; pseudonym: Pseudonymizer; retry?: Partial<RetryPolicy>; maxChats?: number },
  ) {
    this.retry = { ...DEFAULT_RETRY, ...deps.retry };
    // A message written anywhere (a turn's reply, a relay, a ticket card) wakes its chat alone.
    deps.outbox.onEnqueue((channel, chatId) => this.wakeChat(channel, chatId));
  }

  /** Sends one chat's messages now, unless it waits for a retry or its channel cannot reach it. */
  wakeChat(channel: string, chatId: string): void {
    const sender = this.channels.get(channel);
    if (this.stopped || !sender || sender.reaches?.(chatId) === false) return;
    if (this.retrying.has(chatKey(channel, chatId))) return;
    this.startChat(channel, chatId);
  }

  register(channel: SendingChannel): void {
    this.channels.set(channel.name, channel);
    this.stopped = false;
  }

  /**
   * Looks for chats whose first message is due (at start, and periodically as a safety net: turns,
   * relays and retries wake their own chat).
   */
  wake(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.pass) {
      this.passAgain = true;
      return this.pass;
    }
    this.pass = (async () => {
      do {
        this.passAgain = false;
        const chats = await this.deps.outbox.chatsWithPending([...this.channels.keys()], this.deps.maxChats ?? 500, this.deps.clock.now());
        for (const c of chats) this.wakeChat(c.channel, c.chatId);
      } while (this.passAgain && !this.stopped);
    })()
      .catch((err: Error) => this.deps.logger.error({ err: err.message }, 'outbox pass failed'))
      .finally(() => {
        this.pass = undefined;
      });
    return this.pass;
  }

  /** Resolves once no chat is being sent to (for tests and a clean stop). */
  async idle(): Promise<void> {
    while (this.pass || this.workers.size > 0) await Promise.all([this.pass, ...this.workers.values()]);
  }

  /** Stops taking new work; messages being sent finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.retrying.values()) clearTimeout(t);
    this.retrying.clear();
    await this.idle();
  }

  private startChat(channel: string, chatId: string): void {
    const key = chatKey(channel, chatId);
    if (this.workers.has(key)) {
      this.again.add(key);
      return;
    }
    const worker = this.sendChat(channel, chatId)
      .catch((err: Error) => this.deps.logger.error({ channel, chat: this.deps.pseudonym(channel, chatId), err: err.message }, 'outbox chat failed'))
      .finally(() => {
        this.workers.delete(key);
        if (this.again.delete(key) && !this.stopped) this.startChat(channel, chatId);
      });
    this.workers.set(key, worker);
  }

  /** Sends a chat's messages in order until none is due or one must wait. */
  private async sendChat(channel: string, chatId: string): Promise<void> {
    const { outbox } = this.deps;
    for (;;) {
      if (!this.channels.get(channel) || this.stopped) return;
      // A turn's replies are read in one go, then sent one by one.
      // (with several workers, the head claimed for this one: none while another sends the chat).
      const messages = await outbox.nextToSend(channel, chatId, this.deps.clock.now(), HEADS_PER_READ);
      if (messages.length === 0) return;
      for (const message of messages) {
        if ((await this.sendOne(channel, chatId, message)) === 'wait') return;
      }
    }
  }

  /** Sends one message (or parks it); 'wait' when the chat must wait for a retry (or stop). */
  private async sendOne(channel: string, chatId: string, message: ChatHead): Promise<'next' | 'wait'> {
    const { outbox, clock, logger } = this.deps;
    const sender = this.channels.get(channel);
    if (!sender || this.stopped) return 'wait';
    const now = clock.now();
    if (message.nextAttemptAt && message.nextAttemptAt > now) {
      this.retryChatIn(channel, chatId, message.nextAttemptAt.getTime() - now.getTime());
      return 'wait';
    }
    const parts = splitMessage(message.text, sender.textLimit);
    let sent = message.partsSent;
    try {
      for (; sent < parts.length; sent++) {
        const last = sent === parts.length - 1;
        // A file goes with the last part (its caption), so a retry never sends it twice with earlier parts.
        await sender.sendPart(chatId, { text: parts[sent]!, choices: last ? message.choices : undefined, document: last ? message.document : undefined });
        if (!last) await outbox.markPartsSent(message.id, sent + 1);
      }
      await outbox.markSent(message.id, clock.now());
    } catch (err) {
      const error = asDeliveryError(err);
      const attempts = message.attempts + 1;
      const log = { channel, chat: this.deps.pseudonym(channel, chatId), message: message.id, attempts, err: error.message };
      if (!error.retry || attempts >= this.retry.maxAttempts) {
        await outbox.park(message.id, clock.now(), error.message);
        logger.error(log, 'message parked: it cannot be sent');
        return 'next';
      }
      const wait = error.retryAfterMs ?? Math.min(this.retry.maxMs, this.retry.baseMs * 2 ** (attempts - 1));
      await outbox.markFailed(message.id, clock.now(), new Date(clock.now().getTime() + wait));
      logger.warn({ ...log, retryInMs: wait }, 'delivery failed, will retry');
      this.retryChatIn(channel, chatId, wait);
      return 'wait';
    }
    return 'next';
  }

  /** The chat is tried again in `ms`, by its own timer (other chats are not looked at for it). */
  private retryChatIn(channel: string, chatId: string, ms: number): void {
    const key = chatKey(channel, chatId);
    if (this.retrying.has(key) || this.stopped) return;
    const timer = setTimeout(() => {
      this.retrying.delete(key);
      this.wakeChat(channel, chatId);
    }, Math.max(0, ms));
    timer.unref();
    this.retrying.set(key, timer);
  }
}

function chatKey(channel: string, chatId: string): string {
  return `${channel}\u0000${chatId}`;
}
