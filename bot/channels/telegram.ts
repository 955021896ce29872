/**
 * The Telegram channel, with telegraf: long polling by default, a webhook (with Telegram's
 * secret-token header checked) when WEBHOOK_URL is set. Choices are inline buttons; long replies are
 * split under Telegram's 4,096 characters; text is sent plain, so "*", "_" and "[" in legal text
 * never break a message. In groups (branch staff chats) only staff commands and buttons are read.
 */
import { looksLikeDeskAnswer } from '../staff-commands.ts';
import { Telegraf } from 'telegraf';
import type { InlineKeyboardMarkup, Message } from 'telegraf/types';
import { loadMessages } from '../../lib/messages.ts';
import { pseudonym, type Logger } from '../../lib/logger.ts';
import type { Assistant } from '../assistant.ts';
import type { Channel } from '../channel.ts';
import type { Delivery, IncomingMessage, Reply } from '../message.ts';
import { RateLimiter } from './rate-limiter.ts';
import { splitMessage } from './split-message.ts';

const say = loadMessages(new URL('./channels.vi.yaml', import.meta.url), ['too_fast', 'unsupported']);

/** Telegram allows 4,096 characters; keep a margin. */
export const TELEGRAM_LIMIT = 4000;

/** Slash commands people see in Telegram's menu, and what each one means to the core. */
const COMMANDS: Array<{ command: string; description: string; text: string }> = [
  { command: 'start', description: 'Bắt đầu', text: 'menu' },
  { command: 'menu', description: 'Danh sách việc', text: 'menu' },
  { command: 'help', description: 'Cách dùng', text: 'trợ giúp' },
];

export interface TelegramOptions {
  token: string;
  /** The Bot API address (a local fake in tests). */
  apiRoot?: string;
  /** Receive updates by webhook at this public URL instead of long polling. */
  webhook?: { url: string; port: number; secret: string; host?: string };
  assistant: Assistant;
  logger: Logger;
  rateLimitPerMinute: number;
  /** Sends what waits in the outbox, after each turn. */
  afterTurn?: () => Promise<unknown>;
}

export class TelegramChannel implements Channel {
  readonly name = 'telegram';
  readonly bot: Telegraf;
  private readonly limiter: RateLimiter;
  private running: Promise<void> | undefined;

  constructor(private readonly options: TelegramOptions) {
    this.bot = new Telegraf(options.token, { telegram: options.apiRoot ? { apiRoot: options.apiRoot } : {} });
    this.limiter = new RateLimiter(options.rateLimitPerMinute);
    this.bot.on('callback_query', async (ctx) => {
      const query = ctx.callbackQuery;
      await ctx.answerCbQuery().catch(() => undefined);
      if (!('data' in query) || !query.message) return;
      const chat = query.message.chat;
      await this.receive({
        channel: this.name,
        chatId: String(chat.id),
        userId: String(query.from.id),
        displayName: query.from.first_name,
        text: query.data,
        choice: query.data,
        messageId: `cb:${query.id}`,
        time: new Date(),
        chatType: chat.type === 'private' ? 'private' : 'group',
      });
    });
    this.bot.on('message', async (ctx) => {
      const message = ctx.message as Message;
      const group = message.chat.type !== 'private';
      const text = 'text' in message ? message.text : 'caption' in message ? (message.caption ?? '') : '';
      const command = this.command(text);
      // In staff groups the bot reads only commands (and buttons), not the staff's own chatter.
      if (group && !text.startsWith('/') && !looksLikeDeskAnswer(text)) return;
      const attachments = 'photo' in message || 'document' in message || 'voice' in message ? [{ kind: 'file' as const, ref: String(message.message_id) }] : undefined;
      if (!text && !attachments && !group) {
        await this.send(String(message.chat.id), { text: say.say('unsupported') });
        return;
      }
      await this.receive({
        channel: this.name,
        chatId: String(message.chat.id),
        userId: String(message.from?.id ?? message.chat.id),
        displayName: message.from?.first_name,
        text: command ?? text,
        attachments,
        messageId: String(message.message_id),
        time: new Date(message.date * 1000),
        chatType: group ? 'group' : 'private',
      });
    });
    this.bot.catch((err) => {
      options.logger.error({ channel: this.name, err: (err as Error).message }, 'telegram update failed');
    });
  }

  async start(): Promise<void> {
    await this.bot.telegram.setMyCommands(COMMANDS.map(({ command, description }) => ({ command, description })));
    const webhook = this.options.webhook;
    if (webhook) {
      // Resolves once the webhook server listens and Telegram has been told the URL.
      this.running = this.bot.launch({
        webhook: {
          domain: new URL(webhook.url).host,
          path: new URL(webhook.url).pathname,
          port: webhook.port,
          host: webhook.host ?? '0.0.0.0',
          secretToken: webhook.secret,
        },
      });
      await this.running;
    } else {
      // Long polling runs until stopped: resolve once the bot has identified itself.
      await new Promise<void>((resolve, reject) => {
        this.running = this.bot.launch({ dropPendingUpdates: false }, () => resolve());
        this.running.catch(reject);
      });
    }
    this.options.logger.info({ channel: this.name, mode: webhook ? 'webhook' : 'polling' }, 'channel started');
  }

  async stop(): Promise<void> {
    // Polling starts a moment after launch; stopping in between must wait for it (bounded).
    for (let i = 0; i < 100; i++) {
      try {
        this.bot.stop('stop');
        break;
      } catch {
        if (!this.running) break;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    if (this.running && !this.options.webhook) await this.running.catch(() => undefined);
    await this.options.assistant.idle();
  }

  async deliver(delivery: Delivery): Promise<boolean> {
    await this.send(delivery.chatId, delivery);
    return true;
  }

  /** Handles one incoming message: rate limit, the core, then the replies. */
  private async receive(message: IncomingMessage): Promise<void> {
    const verdict = this.limiter.check(message.userId);
    if (verdict !== 'ok') {
      if (verdict === 'warn') await this.send(message.chatId, { text: say.say('too_fast') });
      this.options.logger.warn({ channel: this.name, chat: pseudonym(this.name, message.chatId) }, 'rate limited');
      return;
    }
    const replies = await this.options.assistant.handle(message);
    for (const reply of replies) await this.send(message.chatId, reply);
    await this.options.afterTurn?.();
  }

  /** "/start", "/help@MyBot" → what the core understands; staff commands pass through. */
  private command(text: string): string | undefined {
    const m = /^\/([a-z]+)(?:@\w+)?\b/iu.exec(text.trim());
    if (!m) return undefined;
    return COMMANDS.find((c) => c.command === m[1]!.toLowerCase())?.text ?? text.trim().replace(/^(\/[a-z]+)@\w+/iu, '$1');
  }

  private async send(chatId: string, reply: Reply): Promise<void> {
    const chunks = splitMessage(reply.text, TELEGRAM_LIMIT);
    for (const [i, chunk] of chunks.entries()) {
      const last = i === chunks.length - 1;
      const markup: InlineKeyboardMarkup | undefined =
        last && reply.choices?.length
          ? { inline_keyboard: reply.choices.map((c) => [{ text: c.label.slice(0, 64), callback_data: c.id.slice(0, 64) }]) }
          : undefined;
      await this.bot.telegram.sendMessage(chatId, chunk, markup ? { reply_markup: markup } : {});
    }
  }
}

