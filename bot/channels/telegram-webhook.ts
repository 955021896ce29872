/**
 * The HTTP endpoint Telegram posts updates to (webhook mode), hardened: only POST to the configured
 * path with Telegram's secret-token header; a body over `maxBodyBytes` is refused while it streams
 * (413) instead of being read whole; a body that is not a JSON update object is refused (400) and
 * never reaches the bot; any error while handling one update is logged and answered 500, and the
 * process goes on. The listener binds to 127.0.0.1 by default: put a reverse proxy terminating TLS in
 * front of it (see deploy/). Telegram is answered 200 once the update is written down.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Update } from 'telegraf/types';
import type { Logger } from '../../lib/logger.ts';

export interface TelegramWebhookOptions {
  path: string;
  port: number;
  host: string;
  secret: string;
  /** Largest body accepted (Telegram's updates are a few KB). */
  maxBodyBytes?: number;
  logger: Logger;
  /** Takes one update; resolves once it is written down. */
  handle: (update: Update) => Promise<void>;
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** Whether a parsed body has the shape of a Telegram update (an object with a numeric update_id). */
export function isUpdate(body: unknown): body is Update {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const id = (body as { update_id?: unknown }).update_id;
  if (typeof id !== 'number' || !Number.isInteger(id)) return false;
  // One known payload that is an object, so telegraf's context never meets a null or a string.
  const kinds = Object.keys(body).filter((k) => k !== 'update_id');
  return kinds.length > 0 && kinds.every((k) => typeof (body as Record<string, unknown>)[k] === 'object' && (body as Record<string, unknown>)[k] !== null);
}

export class TelegramWebhook {
  private server: Server | undefined;

  constructor(private readonly options: TelegramWebhookOptions) {}

  async listen(): Promise<number> {
    this.server = createServer((req, res) => {
      this.serve(req, res).catch((err: Error) => {
        this.options.logger.error({ channel: 'telegram', err: err.message }, 'webhook request failed');
        reply(res, 500);
      });
    });
    // Slow or stuck clients do not hold sockets forever.
    this.server.requestTimeout = 30_000;
    this.server.headersTimeout = 10_000;
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.options.port, this.options.host, () => resolve());
    });
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeIdleConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.server = undefined;
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'POST' || url.pathname !== this.options.path) return reply(res, 404);
    const secret = req.headers['x-telegram-bot-api-secret-token'];
    if (typeof secret !== 'string' || !sameSecret(secret, this.options.secret)) return reply(res, 403);
    const max = this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    if (Number(req.headers['content-length'] ?? 0) > max) return reply(res, 413, true);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > max) return reply(res, 413, true);
      chunks.push(chunk as Buffer);
    }
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return reply(res, 400);
    }
    if (!isUpdate(body)) {
      this.options.logger.warn({ channel: 'telegram' }, 'webhook body is not an update, refused');
      return reply(res, 400);
    }
    await this.options.handle(body);
    reply(res, 200);
  }
}

function reply(res: ServerResponse, status: number, close = false): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'text/plain', ...(close ? { connection: 'close' } : {}) });
  res.end(status === 200 ? 'ok' : '');
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
