/**
 * A fake Telegram Bot API server on 127.0.0.1 that telegraf talks real HTTP to: getMe, getUpdates
 * (long polling, briefly held), sendMessage, sendDocument (multipart, as telegraf uploads a file),
 * editMessageText, answerCallbackQuery, setMyCommands, setWebhook, deleteWebhook. Tests queue updates and read what the bot sent. Faults can be injected
 * into sendMessage: HTTP 500s, 429 with retry_after, dropped connections, a chat refused for good
 * (400), and slow chats.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SentMessage {
  chat_id: string;
  text: string;
  reply_markup?: { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> };
}

/** A file the bot sent with sendDocument, as the fake received it (multipart). */
export interface SentDocument {
  chat_id: string;
  filename: string;
  data: Buffer;
  caption?: string;
  reply_markup?: SentMessage['reply_markup'];
}

export interface SendFaults {
  /** Share of sendMessage calls answered HTTP 500 (0–1). */
  error500?: number;
  /** Share of calls whose connection is dropped without an answer. */
  drop?: number;
  /** Share of calls answered 429 with this retry_after (seconds). */
  tooMany?: { share: number; retryAfter: number };
  /** Chats Telegram refuses for good (400 chat not found). */
  refused?: Set<string>;
  /** Chats whose sendMessage takes this many ms. */
  slow?: Map<string, number>;
  /** A deterministic random source (default Math.random). */
  random?: () => number;
}

export class FakeTelegramApi {
  /** Faults injected into sendMessage (see SendFaults); change at any time. */
  faults: SendFaults = {};
  /** When each sendMessage was answered successfully, per chat (for timing measures). */
  readonly sentAt: Array<{ chat_id: string; at: number }> = [];
  readonly token = '123456:TEST-TOKEN';
  readonly sent: SentMessage[] = [];
  /** Files sent with sendDocument, in order. */
  readonly documents: SentDocument[] = [];
  readonly calls: Array<{ method: string; body: Record<string, unknown> }> = [];
  private readonly updates: Array<Record<string, unknown> & { update_id: number }> = [];
  private nextUpdateId = 1;
  private nextMessageId = 1000;
  private server: Server | undefined;
  private waiters: Array<() => void> = [];
  apiRoot = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const fault = this.faultFor(req);
      if (fault === 'drop') {
        req.resume();
        req.socket.destroy();
        return;
      }
      void this.handle(req, fault).then(
        (result) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ ok: true, result }));
        },
        (err: Error & { status?: number; retryAfter?: number }) => {
          const status = err.status ?? 400;
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ ok: false, error_code: status, description: err.message, ...(err.retryAfter ? { parameters: { retry_after: err.retryAfter } } : {}) }));
        },
      );
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.apiRoot = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const wake of this.waiters.splice(0)) wake();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** Queues an update (given without update_id); returns the update as delivered. */
  push(update: Record<string, unknown>): Record<string, unknown> & { update_id: number } {
    const full = { update_id: this.nextUpdateId++, ...update };
    this.updates.push(full);
    for (const wake of this.waiters.splice(0)) wake();
    return full;
  }

  /** Delivers the same message again in a new update (Telegram retrying a delivery). */
  pushAgain(update: Record<string, unknown> & { update_id: number }): void {
    const { update_id: _old, ...rest } = update;
    this.push(rest);
  }

  text(chatId: number, text: string, options: { userId?: number; group?: boolean } = {}) {
    const message_id = this.nextMessageId++;
    return this.push({
      message: {
        message_id,
        date: Math.floor(Date.now() / 1000),
        chat: options.group ? { id: chatId, type: 'group', title: 'Cán bộ' } : { id: chatId, type: 'private', first_name: 'Dân' },
        from: { id: options.userId ?? chatId, is_bot: false, first_name: 'Dân' },
        text,
        ...(text.startsWith('/') ? { entities: [{ type: 'bot_command', offset: 0, length: text.split(' ')[0]!.length }] } : {}),
      },
    });
  }

  press(chatId: number, data: string, userId = chatId) {
    return this.push({
      callback_query: {
        id: `cq${this.nextUpdateId}`,
        from: { id: userId, is_bot: false, first_name: 'Dân' },
        chat_instance: 'x',
        data,
        message: { message_id: this.nextMessageId++, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: 'private' }, text: '…' },
      },
    });
  }

  /** Messages sent to a chat so far. */
  to(chatId: number | string): SentMessage[] {
    return this.sent.filter((m) => String(m.chat_id) === String(chatId));
  }

  /** Waits (bounded) until `test` holds; the server is driven by the bot, so this only awaits I/O. */
  async until(test: () => boolean, ms = 10_000): Promise<void> {
    const end = Date.now() + ms;
    while (!test()) {
      if (Date.now() > end) throw new Error('fake Telegram: condition not met in time');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** The fault drawn for a sendMessage call (decided before its body is read). */
  private faultFor(req: IncomingMessage): 'drop' | '500' | '429' | undefined {
    if (!/\/send(Message|Document)$/u.test(req.url ?? '')) return undefined;
    const r = this.faults.random ?? Math.random;
    if (this.faults.drop && r() < this.faults.drop) return 'drop';
    if (this.faults.error500 && r() < this.faults.error500) return '500';
    if (this.faults.tooMany && r() < this.faults.tooMany.share) return '429';
    return undefined;
  }

  private async handle(req: IncomingMessage, fault?: '500' | '429'): Promise<unknown> {
    const match = /^\/bot([^/]+)\/(\w+)/u.exec(req.url ?? '');
    if (!match || match[1] !== this.token) throw new Error('Unauthorized');
    const method = match[2]!;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const type = req.headers['content-type'] ?? '';
    let body: Record<string, unknown> = {};
    let upload: { filename: string; data: Buffer } | undefined;
    if (type.startsWith('multipart/form-data')) {
      // A file upload (sendDocument): the fields as strings (JSON ones parsed), the file kept aside.
      const form = await new Response(Buffer.concat(chunks), { headers: { 'content-type': type } }).formData();
      for (const [key, value] of form.entries()) {
        if (typeof value === 'string') body[key] = /^[[{]/u.test(value) ? (JSON.parse(value) as unknown) : value;
        else upload = { filename: value.name, data: Buffer.from(await value.arrayBuffer()) };
      }
    } else {
      const raw = Buffer.concat(chunks).toString('utf8');
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    }
    this.calls.push({ method, body });
    switch (method) {
      case 'getMe':
        return { id: 1, is_bot: true, first_name: 'Trợ lý TGPL', username: 'tgpl_test_bot' };
      case 'getUpdates': {
        const offset = Number(body.offset ?? 0);
        const ready = () => this.updates.filter((u) => u.update_id >= offset);
        if (ready().length === 0) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, 200);
            this.waiters.push(() => {
              clearTimeout(timer);
              resolve();
            });
          });
        }
        const batch = ready();
        // Delivered updates are forgotten once the bot asks past them.
        for (let i = this.updates.length - 1; i >= 0; i--) if (this.updates[i]!.update_id < offset) this.updates.splice(i, 1);
        return batch.map((u) => ({ ...u })).filter((u, i, all) => all.findIndex((x) => x === u) === i);
      }
      case 'sendMessage': {
        const chat = String(body.chat_id);
        if (fault === '500') throw Object.assign(new Error('Internal Server Error'), { status: 500 });
        if (fault === '429') throw Object.assign(new Error('Too Many Requests: retry later'), { status: 429, retryAfter: this.faults.tooMany!.retryAfter });
        if (this.faults.refused?.has(chat)) throw Object.assign(new Error('Bad Request: chat not found'), { status: 400 });
        const slow = this.faults.slow?.get(chat);
        if (slow) await new Promise((r) => setTimeout(r, slow));
        this.sentAt.push({ chat_id: chat, at: Date.now() });
        const message = { chat_id: String(body.chat_id), text: String(body.text), reply_markup: body.reply_markup as SentMessage['reply_markup'] };
        this.sent.push(message);
        return { message_id: this.nextMessageId++, date: Math.floor(Date.now() / 1000), chat: { id: Number(body.chat_id), type: 'private' }, text: body.text };
      }
      case 'sendDocument': {
        const chat = String(body.chat_id);
        if (fault === '500') throw Object.assign(new Error('Internal Server Error'), { status: 500 });
        if (fault === '429') throw Object.assign(new Error('Too Many Requests: retry later'), { status: 429, retryAfter: this.faults.tooMany!.retryAfter });
        if (this.faults.refused?.has(chat)) throw Object.assign(new Error('Bad Request: chat not found'), { status: 400 });
        if (!upload) throw Object.assign(new Error('Bad Request: there is no document in the request'), { status: 400 });
        this.documents.push({
          chat_id: chat,
          filename: upload.filename,
          data: upload.data,
          caption: body.caption === undefined ? undefined : String(body.caption),
          reply_markup: body.reply_markup as SentMessage['reply_markup'],
        });
        return { message_id: this.nextMessageId++, date: Math.floor(Date.now() / 1000), chat: { id: Number(chat), type: 'private' }, document: { file_name: upload.filename } };
      }
      case 'editMessageText':
      case 'answerCallbackQuery':
      case 'setMyCommands':
      case 'setWebhook':
      case 'deleteWebhook':
        return true;
      default:
        throw new Error(`method ${method} not in the fake`);
    }
  }
}
