/**
 * The one way a message travels between a platform and the dialogue core, for every channel:
 *
 *   platform → receive(): rate limit, then written to the inbox (the only thing the platform waits for)
 *            → per chat, in order, chats side by side: the turn is worked out, then its new state, its
 *              replies (into the outbox) and "handled" are written in one transaction
 *            → the outbox sender delivers each chat's messages in order, retrying what may get through.
 *
 * A channel adapter keeps only the translation to its platform: turning updates into IncomingMessages
 * and sending one part (bot/delivery/outbox-sender.ts SendingChannel). After kill -9 anywhere, start()
 * handles what was received but not handled and the sender sends what was committed but not sent.
 *
 * Several workers on one PostgreSQL database (lib/coordination.ts): a worker handles a chat's messages
 * only while it holds the chat's advisory lock, so one worker at a time works on a conversation and
 * its messages keep their order whichever worker received them. A worker that finds the lock taken
 * leaves the chat to its holder, which looks at the inbox again after letting the lock go; messages
 * a dead worker received are found by the others' sweep (`start`, run every INBOX_SWEEP_SECONDS).
 */
import type { Clock } from '../../lib/clock.ts';
import type { Coordination } from '../../lib/coordination.ts';
import { KeyedQueue } from '../../lib/keyed-queue.ts';
import { loadMessages } from '../../lib/messages.ts';
import type { Logger, Pseudonymizer } from '../../lib/logger.ts';
import type { Outbox } from '../../lib/outbox.ts';
import type { Assistant } from '../assistant.ts';
import { RateLimiter } from '../channels/rate-limiter.ts';
import type { IncomingMessage, Reply } from '../message.ts';
import type { Inbox } from './inbox.ts';
import type { OutboxSender, SendingChannel } from './outbox-sender.ts';

const say = loadMessages(new URL('../channels/channels.vi.yaml', import.meta.url), ['too_fast']);

export interface PipelineDeps {
  inbox: Inbox;
  outbox: Outbox;
  sender: OutboxSender;
  assistant: Assistant;
  clock: Clock;
  logger: Logger;
  /** Chat ids in log lines go through it (a keyed hash). */
  pseudonym: Pseudonymizer;
  rateLimitPerMinute: number;
  /** Workers sharing the database take turns per chat (absent or not shared: one process). */
  coordination?: Coordination;
}

export class ChannelPipeline {
  private readonly chats = new KeyedQueue();
  /** Chats with a drain queued but not started: a second message does not queue a second drain. */
  private readonly queued = new Set<string>();
  private readonly limiter: RateLimiter;
  /** Messages being written down now (idle() waits for them too). */
  private readonly taking = new Set<Promise<void>>();

  constructor(private readonly deps: PipelineDeps) {
    this.limiter = new RateLimiter(deps.rateLimitPerMinute);
  }

  /** A channel that sends through this pipeline. */
  register(channel: SendingChannel): void {
    this.deps.sender.register(channel);
  }

  /** Handles what was received but not handled before a restart, and sends what waits. */
  async start(): Promise<void> {
    for (const { channel, chatId } of await this.deps.inbox.waitingChats()) this.schedule(channel, chatId);
    void this.deps.sender.wake();
  }

  /**
   * Takes a message from a platform: resolves once it is written down (or refused by the rate
   * limit), before it is handled. A message received twice is handled once.
   */
  receive(message: IncomingMessage): Promise<void> {
    const taking = this.take(message);
    this.taking.add(taking);
    void taking.catch(() => undefined).finally(() => this.taking.delete(taking));
    return taking;
  }

  private async take(message: IncomingMessage): Promise<void> {
    const { inbox, clock, logger } = this.deps;
    const verdict = this.limiter.check(message.userId);
    if (verdict !== 'ok') {
      logger.warn({ channel: message.channel, chat: this.deps.pseudonym(message.channel, message.chatId) }, 'rate limited');
      if (verdict === 'warn') await this.send(message, [{ text: say.say('too_fast') }]);
      return;
    }
    if (await inbox.receive(message, clock.now())) this.schedule(message.channel, message.chatId);
    else logger.info({ channel: message.channel, chat: this.deps.pseudonym(message.channel, message.chatId) }, 'duplicate message ignored');
  }

  /** Sends replies outside a turn (a notice from the adapter: unsupported message, too fast). */
  send(to: { channel: string; chatId: string }, replies: Reply[]): Promise<void> {
    return this.enqueue(to, replies, this.deps.clock.now());
  }

  /** Puts replies in the chat's outbox; each enqueue wakes the chat's sender (it listens to the outbox). */
  private async enqueue(to: { channel: string; chatId: string }, replies: Reply[], now: Date): Promise<void> {
    for (const r of replies) await this.deps.outbox.enqueue({ channel: to.channel, chatId: to.chatId, text: r.text, choices: r.choices, document: r.document }, now);
  }

  /** Resolves once every message received so far is handled and its replies sent (tests, stop). */
  async idle(): Promise<void> {
    while (this.taking.size > 0) await Promise.allSettled([...this.taking]);
    await this.chats.idle();
    await this.deps.sender.idle();
  }

  private schedule(channel: string, chatId: string): void {
    const key = `${channel}\u0000${chatId}`;
    if (this.queued.has(key)) return;
    this.queued.add(key);
    void this.chats.run(key, async () => {
      this.queued.delete(key);
      await this.drain(channel, chatId);
    });
  }

  /** Handles the chat's waiting messages, oldest first (with other workers: while holding the chat's lock). */
  private async drain(channel: string, chatId: string): Promise<void> {
    const coordination = this.deps.coordination;
    if (!coordination?.shared) {
      await this.drainHeld(channel, chatId);
      return;
    }
    const lock = await coordination.tryLock(`tgpl:chat:${channel}:${chatId}`);
    // Another worker is handling this chat: it looks at the inbox again after letting the lock go.
    if (!lock) return;
    let emptied = false;
    try {
      emptied = await this.drainHeld(channel, chatId);
    } finally {
      await lock.release();
    }
    // A message written while this worker held the lock, by a worker that found it taken.
    if (emptied && (await this.deps.inbox.next(channel, chatId))) this.schedule(channel, chatId);
  }

  /** Handles the chat's waiting messages; true when none is left, false when a turn failed (retried later). */
  private async drainHeld(channel: string, chatId: string): Promise<boolean> {
    const { inbox, assistant, clock, logger } = this.deps;
    for (;;) {
      const entry = await inbox.next(channel, chatId);
      if (!entry) return true;
      try {
        await assistant.handleDurably(entry.message, (replies) => {
          const now = clock.now();
          const { outbox } = this.deps;
          return {
            statements: [
              ...replies.map((r) => outbox.enqueueStatement({ channel, chatId, text: r.text, choices: r.choices, document: r.document }, now)),
              inbox.markHandledStatement(entry.id, now),
            ],
            afterCommit: () => {
              if (replies.length > 0) outbox.announce(channel, chatId);
            },
          };
        });
      } catch (err) {
        // The turn could not be written (the database failed): try again later rather than lose it.
        logger.error({ channel, chat: this.deps.pseudonym(channel, chatId), err: (err as Error).message }, 'turn not saved, will retry');
        setTimeout(() => this.schedule(channel, chatId), 1000).unref();
        return false;
      }
    }
  }
}
