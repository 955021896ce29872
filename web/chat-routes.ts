/**
 * The web chat for citizens: the page at "/", the widget script (/chat/widget.js: one script tag on
 * the centre's site) and its small JSON API. A browser gets a random token (kept in its
 * localStorage), sends each message with it, and reads the replies from the outbox, waiting for new
 * ones with a long poll. Each message goes through the channel pipeline like any platform's
 * (rate limit, inbox, one turn per message in order, replies into the outbox), so the flows, buttons
 * and handoffs are the same as on Telegram and Zalo.
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyCors from '@fastify/cors';
import { isoDateIn } from '../lib/clock.ts';
import { hotlineAt } from '../intake/hotline.ts';
import { jsonForScript } from './html.ts';
import { texts } from './texts.ts';
import { WEB_CHANNEL, type WebContext } from './server.ts';
import { chatPage } from './views/chat-page.ts';

/** A file a reply carries (a filled form, lib/outbox.ts), when it has one. */
type CarriedDocument = { filename: string; mimeType: string; data: string };
function documentOf(message: object): CarriedDocument | undefined {
  const document = (message as { document?: CarriedDocument }).document;
  return document && typeof document.data === 'string' ? document : undefined;
}

/** How long a long poll waits for a reply before answering "nothing yet". */
const POLL_MS = 25_000;
const WIDGET = readFileSync(new URL('./static/widget.js', import.meta.url), 'utf8');

export function registerChatRoutes(server: FastifyInstance, ctx: WebContext): void {
  const { clock } = ctx;
  const today = () => isoDateIn(clock.now(), ctx.config.timeZone);

  server.get('/', async (_request, reply) => {
    const page = chatPage({ centre: ctx.intake.directory.centre.name, hotline: hotlineAt(today()).number });
    return reply.type('text/html; charset=utf-8').send(page.value);
  });

  // The widget with its texts (web.vi.yaml) in front; cached briefly by browsers.
  server.get('/chat/widget.js', async (_request, reply) => {
    const strings = {
      title: texts.say('chat_title'),
      open: texts.say('chat_open'),
      placeholder: texts.say('chat_placeholder'),
      send: texts.say('chat_send'),
      close: texts.say('chat_close'),
      end: texts.say('chat_end'),
      endConfirm: texts.say('chat_end_confirm'),
      error: texts.say('chat_error'),
      you: texts.say('chat_you'),
      bot: texts.say('chat_bot'),
      download: texts.say('chat_download'),
      intro: texts.say('chat_intro', { centre: ctx.intake.directory.centre.name, hotline: hotlineAt(today()).number }),
    };
    return reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .send(`/* TGPL web chat widget */\nvar TGPL_TEXTS = ${jsonForScript(strings).value};\n${WIDGET}`);
  });

  // The API is reached from the centre's own site (the widget): a token in a header, no cookie; only
  // these routes answer other sites (WEB_CHAT_ORIGINS).
  void server.register(async (api) => {
    await api.register(fastifyCors, { origin: ctx.config.web.chatOrigins, methods: ['GET', 'POST'], allowedHeaders: ['content-type', 'x-chat-token'] });
    registerChatApi(api, ctx);
  });
}

function registerChatApi(server: FastifyInstance, ctx: WebContext): void {
  const { pipeline, clock, chats, outbox } = ctx;
  const limit = { rateLimit: { max: 120, timeWindow: '1 minute' } };

  const chatOf = async (request: FastifyRequest, reply: FastifyReply): Promise<string | undefined> => {
    const token = String(request.headers['x-chat-token'] ?? '');
    const chatId = token ? await chats.chatOf(token, new Date()) : undefined;
    if (!chatId) void reply.code(401).send({ error: 'session' });
    return chatId;
  };

  /** A new conversation: the menu is its first reply, as Telegram's /start. */
  server.post('/chat/api/session', { config: { rateLimit: { max: 20, timeWindow: '1 minute' } } }, async (_request, reply) => {
    const { token, chatId } = await chats.create(new Date());
    await pipeline.receive({ channel: WEB_CHANNEL, chatId, userId: chatId, text: 'menu', messageId: 'start', time: clock.now(), chatType: 'private' });
    return reply.code(201).send({ token });
  });

  server.get('/chat/api/messages', { config: limit }, async (request, reply) => {
    const chatId = await chatOf(request, reply);
    if (!chatId) return reply;
    const query = request.query as { after?: string; wait?: string };
    const after = Math.max(0, Number.parseInt(query.after ?? '0', 10) || 0);
    let messages = await outbox.toChat(WEB_CHANNEL, chatId, after);
    if (messages.length === 0 && query.wait === '1') {
      const aborted = new AbortController();
      request.raw.on('close', () => aborted.abort());
      await ctx.waitForChat(chatId, POLL_MS, aborted.signal);
      messages = await outbox.toChat(WEB_CHANNEL, chatId, after);
    }
    return reply.header('cache-control', 'no-store').send({
      messages: messages.map((m) => {
        const document = documentOf(m);
        return { id: m.id, text: m.text, choices: m.choices ?? [], ...(document ? { document: { name: document.filename } } : {}) };
      }),
    });
  });

  /** A file sent with a reply (a filled form): downloaded with the token, never by a bare URL. */
  server.get<{ Params: { id: string } }>('/chat/api/messages/:id/document', { config: limit }, async (request, reply) => {
    const chatId = await chatOf(request, reply);
    if (!chatId) return reply;
    const id = Number.parseInt(request.params.id, 10);
    const [message] = Number.isInteger(id) && id > 0 ? await outbox.toChat(WEB_CHANNEL, chatId, id - 1, 1) : [];
    const document = message && message.id === id ? documentOf(message) : undefined;
    if (!document) return reply.code(404).send({ error: texts.say('error_not_found') });
    return reply
      .header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(document.filename)}`)
      .type(document.mimeType)
      .send(Buffer.from(document.data, 'base64'));
  });

  server.post('/chat/api/messages', { config: limit }, async (request, reply) => {
    const chatId = await chatOf(request, reply);
    if (!chatId) return reply;
    const body = (request.body ?? {}) as { id?: unknown; text?: unknown; choice?: unknown };
    const id = typeof body.id === 'string' && /^[A-Za-z0-9_-]{1,64}$/u.test(body.id) ? body.id : undefined;
    const text = typeof body.text === 'string' ? body.text.trim().slice(0, 2000) : '';
    const choice = typeof body.choice === 'string' && body.choice.length <= 200 ? body.choice : undefined;
    if (!id || (!text && !choice)) return reply.code(400).send({ error: texts.say('error_empty') });
    // Written down (the inbox) before the browser is answered; the same id sent again is handled once.
    await pipeline.receive({ channel: WEB_CHANNEL, chatId, userId: chatId, text: text || choice!, choice, messageId: id, time: clock.now(), chatType: 'private' });
    return reply.code(202).send({ ok: true });
  });

  /** The person ends the conversation on this device: the token no longer opens it. */
  server.post('/chat/api/end', { config: limit }, async (request, reply) => {
    const token = String(request.headers['x-chat-token'] ?? '');
    if (token) await chats.forget(token);
    return reply.code(204).send();
  });
}
