/**
 * Sends what waits in the outbox (routed tickets to staff chats, staff replies to citizens) through
 * the channel each message is for. A message for a channel that is not running stays in the outbox.
 */
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import { pseudonym } from '../lib/logger.ts';
import type { Outbox } from '../lib/outbox.ts';
import type { Channel } from './channel.ts';

export class Dispatcher {
  private readonly channels = new Map<string, Channel>();
  private draining: Promise<number> | undefined;

  constructor(private readonly deps: { outbox: Outbox; clock: Clock; logger: Logger }) {}

  register(channel: Channel): void {
    this.channels.set(channel.name, channel);
  }

  /** Sends every pending message a running channel can take; resolves to how many were sent. */
  drain(): Promise<number> {
    this.draining ??= this.send().finally(() => {
      this.draining = undefined;
    });
    return this.draining;
  }

  private async send(): Promise<number> {
    let sent = 0;
    for (const message of await this.deps.outbox.pending([...this.channels.keys()])) {
      const channel = this.channels.get(message.channel)!;
      try {
        if (!(await channel.deliver(message))) continue;
        await this.deps.outbox.markSent(message.id, this.deps.clock.now());
        sent += 1;
      } catch (err) {
        this.deps.logger.warn({ channel: message.channel, chat: pseudonym(message.channel, message.chatId), err: (err as Error).message }, 'delivery failed, will retry');
      }
    }
    return sent;
  }
}
