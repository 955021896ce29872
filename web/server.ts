/**
 * The web server: the web desk for hotline and branch staff (/desk) and the web chat for citizens
 * (/ and the widget /chat/widget.js), on Fastify with its cookie, session, CSRF, rate-limit, form
 * and static plugins. It is one more channel ("web") on the channel pipeline: a citizen's message
 * goes through `pipeline.receive` like a Telegram update, the replies wait in the outbox and
 * `sendPart` tells the browser waiting for them. Staff act through the same Desk, stores and audit
 * log as the chat desk, with the same rules (a branch sees only its tickets).
 */
import { existsSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifySession from '@fastify/session';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyFormbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import type { Clock } from '../lib/clock.ts';
import type { WebConfig } from '../lib/config.ts';
import type { Logger } from '../lib/logger.ts';
import type { SqlDatabase } from '../lib/sql-database.ts';
import type { Outbox } from '../lib/outbox.ts';
import { writePrivateFileAtomically } from '../lib/private-files.ts';
import type { EligibilityChecker } from '../intake/eligibility/checker.ts';
import type { IntakeServices } from '../intake/intake-services.ts';
import type { Channel } from '../bot/channel.ts';
import type { ChannelPipeline } from '../bot/delivery/channel-pipeline.ts';
import type { Reply } from '../bot/message.ts';
import { SqliteSessionStore, StaffAccounts } from './staff-accounts.ts';
import { WebChatStore } from './web-chat-store.ts';
import { registerDeskRoutes } from './desk-routes.ts';
import { registerChatRoutes } from './chat-routes.ts';
import { texts } from './texts.ts';
import { errorPage } from './views/desk-pages.ts';

declare module 'fastify' {
  interface Session {
    /** The signed-in staff account (web/staff-accounts.ts). */
    account?: string;
    /** A message to show once on the next page. */
    flash?: { kind: 'ok' | 'error'; text: string };
    /** Tickets whose read was recorded in this session, with when (ms): refreshes are not recorded again. */
    viewed?: Record<string, number>;
  }
}

export const WEB_CHANNEL = 'web';

/** What the web server needs of the app (bot/app.ts App fits). */
export interface WebDeps {
  db: SqlDatabase;
  intake: IntakeServices;
  eligibility: EligibilityChecker;
  pipeline: ChannelPipeline;
  clock: Clock;
  logger: Logger;
  config: { web: WebConfig; timeZone: string };
}

/** Everything the routes share. */
export interface WebContext extends WebDeps {
  accounts: StaffAccounts;
  chats: WebChatStore;
  outbox: Outbox;
  /** The address people reach the server at (sign-in links). */
  publicUrl(): string;
  /** Waits until the chat has a new message or `ms` passed (the widget's long poll). */
  waitForChat(chatId: string, ms: number, signal: AbortSignal): Promise<void>;
  /** Subscribes a desk page to "something changed" (server-sent events); returns the unsubscribe. */
  onDeskChange(listener: () => void): () => void;
}

/** The session cookie's key: from the key file, made (0600) when missing. */
export function sessionKey(file: string): string {
  if (!existsSync(file)) writePrivateFileAtomically(file, `${randomBytes(48).toString('base64url')}\n`);
  const key = readFileSync(file, 'utf8').trim();
  if (key.length < 32) throw new Error(`${file}: khóa phiên đăng nhập quá ngắn (cần ít nhất 32 ký tự)`);
  return key;
}

export class WebChannel implements Channel {
  readonly name = WEB_CHANNEL;
  /** A web page takes long texts: one outbox row is one message. */
  readonly textLimit = 100_000;
  private server: FastifyInstance | undefined;
  private address: string | undefined;
  private readonly chatWaiters = new Map<string, Set<() => void>>();
  private readonly deskListeners = new Set<() => void>();
  private deskTimer: NodeJS.Timeout | undefined;
  readonly accounts: StaffAccounts;
  readonly chats: WebChatStore;

  constructor(private readonly deps: WebDeps) {
    this.accounts = new StaffAccounts(deps.db, deps.intake.directory);
    this.chats = new WebChatStore(deps.db);
    // Anything written to the outbox (a new ticket card, a relayed message, a reply) may change what
    // a desk page shows: open pages are told (at most once a second) and fetch their live parts again.
    deps.intake.outbox.onEnqueue(() => this.deskChanged());
  }

  /** The address the server listens on ("http://127.0.0.1:8080"), once started. */
  get url(): string {
    if (!this.address) throw new Error('web server not started');
    return this.address;
  }

  /** The line printed at start: where the chat and the desk are. */
  startedLine(): string {
    return texts.say('started', { url: this.deps.config.web.publicUrl ?? this.url });
  }

  async start(): Promise<void> {
    await this.accounts.init();
    const server = await this.build();
    const { port, host } = this.deps.config.web;
    await server.listen({ port, host });
    const info = server.server.address();
    const actualPort = typeof info === 'object' && info ? info.port : port;
    this.address = `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;
    this.server = server;
    this.deps.logger.info({ channel: this.name, host, port: actualPort }, 'channel started');
  }

  async stop(): Promise<void> {
    clearTimeout(this.deskTimer);
    // Long polls and event streams end now rather than holding the close.
    for (const waiters of this.chatWaiters.values()) for (const wake of waiters) wake();
    await this.server?.close();
    this.server = undefined;
  }

  /** A reply for a web chat is in the outbox: the browser waiting for it fetches it. */
  async sendPart(chatId: string, _part: Reply): Promise<void> {
    const waiters = this.chatWaiters.get(chatId);
    if (waiters) for (const wake of [...waiters]) wake();
  }

  private deskChanged(): void {
    if (this.deskTimer || this.deskListeners.size === 0) return;
    this.deskTimer = setTimeout(() => {
      this.deskTimer = undefined;
      for (const l of [...this.deskListeners]) l();
    }, 1000);
    this.deskTimer.unref();
  }

  private context(): WebContext {
    return {
      ...this.deps,
      accounts: this.accounts,
      chats: this.chats,
      outbox: this.deps.intake.outbox,
      publicUrl: () => this.deps.config.web.publicUrl ?? this.url,
      waitForChat: (chatId, ms, signal) =>
        new Promise<void>((resolve) => {
          const set = this.chatWaiters.get(chatId) ?? new Set<() => void>();
          this.chatWaiters.set(chatId, set);
          const done = () => {
            clearTimeout(timer);
            set.delete(done);
            if (set.size === 0) this.chatWaiters.delete(chatId);
            signal.removeEventListener('abort', done);
            resolve();
          };
          const timer = setTimeout(done, ms);
          signal.addEventListener('abort', done);
          set.add(done);
        }),
      onDeskChange: (listener) => {
        this.deskListeners.add(listener);
        return () => this.deskListeners.delete(listener);
      },
    };
  }

  private async build(): Promise<FastifyInstance> {
    const { web } = this.deps.config;
    const ctx = this.context();
    // Fastify's own request log is off: URLs and bodies may hold people's data; our logger redacts.
    const server = Fastify({ logger: false, trustProxy: web.trustProxy, bodyLimit: 64 * 1024, forceCloseConnections: true, routerOptions: { ignoreTrailingSlash: true } });
    // Secure cookies when the public address is https: behind a proxy that says so (WEB_TRUST_PROXY),
    // always; otherwise when the connection itself is https ('auto'), so a plain-http hop still works.
    const secure = (web.publicUrl ?? '').startsWith('https://') ? (web.trustProxy ? true : 'auto') : false;
    await server.register(fastifyCookie);
    await server.register(fastifySession, {
      secret: sessionKey(web.sessionKeyFile),
      cookieName: 'tgpl_desk',
      saveUninitialized: false,
      store: new SqliteSessionStore(this.deps.db, web.sessionHours * 3_600_000),
      cookie: { path: '/desk', httpOnly: true, sameSite: 'strict', secure, maxAge: web.sessionHours * 3_600_000 },
    });
    await server.register(fastifyCsrf, { sessionPlugin: '@fastify/session' });
    await server.register(fastifyRateLimit, { global: false });
    await server.register(fastifyFormbody);
    await server.register(fastifyStatic, { root: fileURLToPath(new URL('./static/', import.meta.url)), prefix: '/static/', maxAge: 3_600_000 });
    server.addHook('onSend', async (_request, reply, payload) => {
      reply.header('x-content-type-options', 'nosniff');
      reply.header('referrer-policy', 'same-origin');
      if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
        reply.header('x-frame-options', 'DENY');
        reply.header('content-security-policy', "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'");
        reply.header('cache-control', 'no-store');
      }
      return payload;
    });
    server.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
      const status = error.statusCode ?? 500;
      if (status >= 500) this.deps.logger.error({ channel: this.name, route: request.routeOptions.url, err: error.message.split('\n')[0] }, 'web request failed');
      const text = status === 403 ? texts.say('error_forbidden') : status === 429 ? texts.say('error_rate') : status === 404 ? texts.say('error_not_found') : texts.say('error_generic');
      if (request.url.startsWith('/chat/api/')) return reply.code(status).send({ error: text });
      return reply.code(status).type('text/html; charset=utf-8').send(errorPage(text).value);
    });
    server.setNotFoundHandler((request, reply) => {
      if (request.url.startsWith('/chat/api/')) return reply.code(404).send({ error: texts.say('error_not_found') });
      return reply.code(404).type('text/html; charset=utf-8').send(errorPage(texts.say('error_not_found')).value);
    });
    registerDeskRoutes(server, ctx);
    registerChatRoutes(server, ctx);
    return server;
  }
}
