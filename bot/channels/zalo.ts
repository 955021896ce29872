/**
 * The Zalo channel, on zca-js (the unofficial personal-account API), written against its own types.
 * The translation between zca-js and the channel pipeline (bot/delivery/channel-pipeline.ts).
 * Choices are numbered lines (Zalo has no buttons here); long replies are split under Zalo's limit;
 * user threads are citizens, group threads are branch staff chats (only staff commands are read
 * there). When the listener closes (network, or another Zalo Web session taking it over) it
 * reconnects with growing waits.
 */
import { looksLikeDeskAnswer } from '../staff-commands.ts';
import { CloseReason, ThreadType, type API, type Message } from 'zca-js';
import type { Logger } from '../../lib/logger.ts';
import type { Channel } from '../channel.ts';
import type { ChannelPipeline } from '../delivery/channel-pipeline.ts';
import { DeliveryError } from '../delivery/delivery-error.ts';
import { renderChoicesAsLines, type Reply } from '../message.ts';

/** Zalo cuts long messages; stay well under its limit. */
export const ZALO_LIMIT = 2000;

/** The listener events the channel uses, typed as zca-js emits them. */
export interface ZaloListener {
  on(event: 'message', listener: (message: Message) => void): unknown;
  on(event: 'connected', listener: () => void): unknown;
  on(event: 'closed', listener: (code: CloseReason, reason: string) => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  start(): void;
  stop(): void;
}

/** The part of zca-js's API the channel uses. */
export type ZaloApi = Pick<API, 'sendMessage'> & { listener: ZaloListener };

/** A logged-in zca-js `API` is a ZaloApi (checked by the compiler). */
export const asZaloApi = (api: API): ZaloApi => api;

export interface ZaloOptions {
  /** Logs in (saved credentials, else QR) and returns the API. */
  connect: () => Promise<ZaloApi>;
  pipeline: ChannelPipeline;
  logger: Logger;
  /** Whether a thread id is a group (staff chats from the directory), for messages sent first. */
  isGroupChat: (chatId: string) => boolean;
  /** Waits between reconnects: doubling from `initialMs` up to `maxMs`. */
  backoff?: { initialMs: number; maxMs: number };
}

export class ZaloChannel implements Channel {
  readonly name = 'zalo';
  /** Choices are added as numbered lines after the last part: room is kept for them. */
  readonly textLimit = ZALO_LIMIT - 500;
  private api: ZaloApi | undefined;
  private readonly threadTypes = new Map<string, ThreadType>();
  private stopping = false;
  private retryMs: number;
  private retryTimer: NodeJS.Timeout | undefined;
  /** How many times the listener was restarted after closing. */
  reconnects = 0;

  constructor(private readonly options: ZaloOptions) {
    this.retryMs = options.backoff?.initialMs ?? 2000;
  }

  async start(): Promise<void> {
    const api = await this.options.connect();
    this.api = api;
    api.listener.on('message', (message: Message) => {
      void this.receive(message).catch((err: Error) => this.options.logger.error({ channel: this.name, err: err.message }, 'zalo message failed'));
    });
    api.listener.on('connected', () => {
      this.retryMs = this.options.backoff?.initialMs ?? 2000;
      this.options.logger.info({ channel: this.name }, 'zalo listener connected');
    });
    api.listener.on('closed', (code: CloseReason) => this.onClosed(code));
    api.listener.on('error', (err: unknown) => this.options.logger.warn({ channel: this.name, err: String(err) }, 'zalo listener error'));
    api.listener.start();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.api?.listener.stop();
  }

  /** Sends one message (choices as numbered lines); the outbox sender cuts texts to `textLimit`. */
  async sendPart(chatId: string, part: Reply): Promise<void> {
    if (!this.api) throw new DeliveryError('zalo is not connected', true);
    const type = this.threadTypes.get(chatId) ?? (this.options.isGroupChat(chatId) ? ThreadType.Group : ThreadType.User);
    const doc = part.document;
    const data = doc ? Buffer.from(doc.data, 'base64') : undefined;
    await this.api.sendMessage(
      doc && data ? { msg: renderChoicesAsLines(part), attachments: [{ data, filename: doc.filename, metadata: { totalSize: data.length } }] } : { msg: renderChoicesAsLines(part) },
      chatId,
      type,
    );
  }

  private onClosed(code: CloseReason): void {
    if (this.stopping) return;
    const reason = code === CloseReason.DuplicateConnection ? 'another Zalo Web session took over' : `code ${code}`;
    this.options.logger.warn({ channel: this.name, reason, retryInMs: this.retryMs }, 'zalo listener closed, reconnecting');
    const wait = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, this.options.backoff?.maxMs ?? 300_000);
    this.retryTimer = setTimeout(() => {
      if (this.stopping) return;
      this.reconnects += 1;
      this.api?.listener.start();
    }, wait);
  }

  private async receive(message: Message): Promise<void> {
    if (message.isSelf) return;
    const group = message.type === ThreadType.Group;
    this.threadTypes.set(message.threadId, message.type);
    const content = message.data.content;
    const text = typeof content === 'string' ? content : '';
    if (group && !text.trim().startsWith('/') && !looksLikeDeskAnswer(text)) return;
    await this.options.pipeline.receive({
      channel: this.name,
      chatId: message.threadId,
      userId: message.data.uidFrom,
      displayName: message.data.dName,
      text,
      attachments: typeof content === 'string' ? undefined : [{ kind: 'other' as const, ref: message.data.msgId }],
      messageId: message.data.msgId,
      time: new Date(Number(message.data.ts) || Date.now()),
      chatType: group ? 'group' : 'private',
    });
  }

}
