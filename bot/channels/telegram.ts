/**
 * The Telegram channel, with telegraf: the translation between the Bot API and the channel pipeline
 * (bot/delivery/channel-pipeline.ts), which writes each update down, handles it in order per chat and
 * sends the replies through the outbox. Long polling by default; a webhook (telegram-webhook.ts)
 * when WEBHOOK_URL is set. An update is acknowledged (next getUpdates offset, webhook 200) only once it
 * is written down, and writing it down is all the platform waits for, so one slow chat never holds
 * up the others. Choices are inline buttons; text is sent plain, so "*", "_" and "[" in legal text
 * never break a message. In groups (branch staff chats) only staff commands and buttons are read.
 */
import { looksLikeDeskAnswer } from '../staff-commands.ts';
import { Telegraf } from 'telegraf';
import { cutText, cutUtf8 } from '../../lib/text.ts';
import type { InlineKeyboardMarkup, Message } from 'telegraf/types';
import type { Update } from 'telegraf/types';
import type { Logger } from '../../lib/logger.ts';
import type { Channel } from '../channel.ts';
import type { ChannelPipeline } from '../delivery/channel-pipeline.ts';
import type { IncomingMessage, Reply } from '../message.ts';
import { TelegramWebhook } from './telegram-webhook.ts';

/** Telegram allows 4,096 characters; keep a margin. */
export const TELEGRAM_LIMIT = 4000;
/** A document's caption holds at most 1,024 characters: a longer text goes first as its own message. */
export const TELEGRAM_CAPTION_LIMIT = 1024;

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
  webhook?: { url: string; port: number; secret: string; host?: string; maxBodyBytes?: number };
  pipeline: ChannelPipeline;
  logger: Logger;
}

export class TelegramChannel implements Channel {
  readonly name = 'telegram';
  readonly textLimit = TELEGRAM_LIMIT;
  readonly bot: Telegraf;
  private running: Promise<void> | undefined;
  private webhook: TelegramWebhook | undefined;

  constructor(private readonly options: TelegramOptions) {
    this.bot = new Telegraf(options.token, { telegram: options.apiRoot ? { apiRoot: options.apiRoot } : {} });
    // Polling: telegraf hands every update here; an error is logged and polling goes on.
    this.bot.use((ctx) => this.take(ctx.update));
    this.bot.catch((err) => {
      options.logger.error({ channel: this.name, err: (err as Error).message }, 'telegram update failed');
    });
  }

  async start(): Promise<void> {
    await this.bot.telegram.setMyCommands(COMMANDS.map(({ command, description }) => ({ command, description })));
    const webhook = this.options.webhook;
    if (webhook) {
      this.webhook = new TelegramWebhook({
        path: new URL(webhook.url).pathname,
        port: webhook.port,
        host: webhook.host ?? '127.0.0.1',
        secret: webhook.secret,
        maxBodyBytes: webhook.maxBodyBytes,
        logger: this.options.logger,
        // Straight to the pipeline: an error answers 500 and Telegram sends the update again.
        handle: (update: Update) => this.take(update),
      });
      await this.webhook.listen();
      await this.bot.telegram.setWebhook(webhook.url, { secret_token: webhook.secret, drop_pending_updates: false });
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
    if (this.webhook) {
      await this.webhook.close();
    } else {
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
      if (this.running) await this.running.catch(() => undefined);
    }
  }

  /**
   * Sends one message (the outbox sender cuts long texts to `textLimit`); choices as buttons; a file
   * as a document (sendDocument, multipart) with the text as its caption.
   */
  async sendPart(chatId: string, part: Reply): Promise<void> {
    const markup: InlineKeyboardMarkup | undefined = part.choices?.length
      ? { inline_keyboard: part.choices.map((c) => [{ text: cutText(c.label, 64), callback_data: cutUtf8(c.id, 64) }]) }
      : undefined;
    const doc = part.document;
    if (!doc) {
      await this.bot.telegram.sendMessage(chatId, part.text, markup ? { reply_markup: markup } : {});
      return;
    }
    const captioned = part.text.length <= TELEGRAM_CAPTION_LIMIT;
    if (!captioned) await this.bot.telegram.sendMessage(chatId, part.text);
    await this.bot.telegram.sendDocument(
      chatId,
      { source: Buffer.from(doc.data, 'base64'), filename: doc.filename },
      { ...(captioned && part.text ? { caption: part.text } : {}), ...(markup ? { reply_markup: markup } : {}) },
    );
  }

  /** One update: written down through the pipeline (a button press is acknowledged after). */
  private async take(update: Update): Promise<void> {
    const message = this.incoming(update);
    if (message) await this.options.pipeline.receive(message);
    if ('callback_query' in update) void this.bot.telegram.answerCbQuery(update.callback_query.id).catch(() => undefined);
  }

  /** An update as the core sees it; undefined for what is not read (staff chatter in groups, edits…). */
  private incoming(update: Update): IncomingMessage | undefined {
    if ('callback_query' in update) {
      const query = update.callback_query;
      if (!('data' in query) || !query.message) return undefined;
      const chat = query.message.chat;
      return {
        channel: this.name,
        chatId: String(chat.id),
        userId: String(query.from.id),
        displayName: query.from.first_name,
        text: query.data,
        choice: query.data,
        messageId: `cb:${query.id}`,
        time: new Date(),
        chatType: chat.type === 'private' ? 'private' : 'group',
      };
    }
    if (!('message' in update)) return undefined;
    const message = update.message as Message;
    const group = message.chat.type !== 'private';
    const text = 'text' in message ? message.text : 'caption' in message ? (message.caption ?? '') : '';
    const command = this.command(text);
    // In staff groups the bot reads only commands (and buttons), not the staff's own chatter.
    if (group && !text.startsWith('/') && !looksLikeDeskAnswer(text)) return undefined;
    return {
      channel: this.name,
      chatId: String(message.chat.id),
      userId: String(message.from?.id ?? message.chat.id),
      displayName: message.from?.first_name,
      text: command ?? text,
      // Photos, stickers, voice…: kept as a reference; a person in a handoff is told one came.
      attachments: 'text' in message ? undefined : [{ kind: 'other', ref: String(message.message_id) }],
      messageId: String(message.message_id),
      time: new Date(message.date * 1000),
      chatType: group ? 'group' : 'private',
    };
  }

  /** "/start", "/help@MyBot" → what the core understands; staff commands pass through. */
  private command(text: string): string | undefined {
    const m = /^\/([a-z]+)(?:@\w+)?\b/iu.exec(text.trim());
    if (!m) return undefined;
    return COMMANDS.find((c) => c.command === m[1]!.toLowerCase())?.text ?? text.trim().replace(/^(\/[a-z]+)@\w+/iu, '$1');
  }
}
