/**
 * The web desk: sign-in (password or one-time link), the queue with filters and counts, a ticket with
 * its request, eligibility and papers, conversation and history, the actions of the chat desk, the
 * open handoffs, and an event stream telling open pages to refresh their live parts. Every read and
 * action goes through the Desk as the signed-in staff member ({ kind: 'staff', via: 'web' }), so the
 * branch rule, the audit log and the access log are those of the chat desk.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isoDateIn } from '../lib/clock.ts';
import { CENTRE_ID, type StaffMember } from '../intake/routing/directory.ts';
import { PermissionError, type Actor } from '../intake/tickets/desk.ts';
import { REQUEST_FIELDS, fieldLabel } from '../intake/tickets/fields.ts';
import { localDate, localDateTime } from '../intake/tickets/local-time.ts';
import { actionName, actorDisplay, eligibilityName, statusName } from '../intake/tickets/staff-labels.ts';
import { TicketError } from '../intake/tickets/ticket-store.ts';
import { NEXT_STATUSES, TICKET_STATUSES, type Ticket } from '../intake/tickets/ticket.ts';
import { parseTicketRef } from '../intake/tickets/ticket-number.ts';
import { findPhone } from '../intake/request/phone.ts';
import { handoffMessages } from '../bot/handoff-relay.ts';
import type { Html } from './html.ts';
import { accountName, memberOf } from './staff-accounts.ts';
import { channelName, texts, type TextKey } from './texts.ts';
import { WEB_CHANNEL, type WebContext } from './server.ts';
import type { Flash, Viewer } from './views/layout.ts';
import { errorPage, handoffPage, handoffsPage, linkPage, loginPage, queuePage, ticketPage, type QueueRow } from './views/desk-pages.ts';

/** Pages anyone may open; every other /desk/… path needs a signed-in session. */
const PUBLIC = [/^\/desk\/?$/u, /^\/desk\/login$/u, /^\/desk\/login-link$/u, /^\/desk\/link\/[A-Za-z0-9_-]+$/u];

type Body = Record<string, string | undefined>;

/** Hashes the phone numbers searched, for the session's note of recent searches (new at each start). */
const SEARCH_KEY = randomBytes(32);

/** A ticket opened again within this time in the same session is not recorded again (live refreshes). */
const VIEW_RECORDED_FOR_MS = 30 * 60_000;
type Signed = FastifyRequest & { member: StaffMember };

const send = (reply: FastifyReply, page: Html, status = 200) => reply.code(status).type('text/html; charset=utf-8').send(page.value);

export function registerDeskRoutes(server: FastifyInstance, ctx: WebContext): void {
  const { intake, clock } = ctx;
  const { desk, directory } = intake;
  const timeZone = ctx.config.timeZone;
  const web = ctx.config.web;

  server.decorateRequest('member', undefined as unknown as StaffMember);

  // Signed out: every /desk/… page but sign-in goes to sign-in (303). The member is looked up again
  // in the directory on every request: one removed from it is signed out at once.
  server.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0]!;
    if (!/^\/desk(?:\/|$)/u.test(path)) return;
    const member = request.session.account ? memberOf(directory, request.session.account) : undefined;
    if (member) (request as Signed).member = member;
    if (PUBLIC.some((p) => p.test(path))) return;
    if (!member) return reply.redirect('/desk', 303);
  });

  const actor = (request: FastifyRequest): Actor => ({ kind: 'staff', member: (request as Signed).member, via: WEB_CHANNEL });
  const viewer = (request: FastifyRequest): Viewer => {
    const member = (request as Signed).member;
    const isCentre = member.role === 'centre';
    const place = isCentre ? texts.say('role_centre') : (directory.target(member.branch ?? '')?.name ?? '');
    return { name: member.name ?? accountName(directory, member), place, isCentre };
  };
  const takeFlash = (request: FastifyRequest): Flash | undefined => {
    const flash = request.session.flash;
    if (flash) request.session.flash = undefined;
    return flash;
  };
  const csrfOnly = { preHandler: server.csrfProtection };
  const loginLimit = { max: web.loginAttempts, timeWindow: '15 minutes' };

  // --- Sign-in ----------------------------------------------------------------------------------
  server.get('/desk', async (request, reply) => {
    if ((request as Signed).member) return reply.redirect('/desk/queue', 303);
    const flash = takeFlash(request);
    return send(reply, loginPage({ csrf: reply.generateCsrf(), linkMinutes: web.loginLinkMinutes, linkEnabled: true, notice: flash?.kind === 'ok' ? flash.text : undefined, error: flash?.kind === 'error' ? flash.text : undefined }));
  });

  server.post('/desk/login', { ...csrfOnly, config: { rateLimit: loginLimit } }, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const account = (body.account ?? '').trim().slice(0, 100);
    const member = await ctx.accounts.verifyPassword(account, (body.password ?? '').slice(0, 1000));
    if (!member) {
      ctx.logger.warn({ channel: WEB_CHANNEL }, 'desk sign-in refused');
      return send(reply, loginPage({ csrf: reply.generateCsrf(), error: texts.say('login_wrong'), account, linkMinutes: web.loginLinkMinutes, linkEnabled: true }), 401);
    }
    await signIn(request, member);
    return reply.redirect('/desk/queue', 303);
  });

  const signIn = async (request: FastifyRequest, member: StaffMember) => {
    // A new session id at sign-in (no fixation); the CSRF secret goes with the old one.
    await request.session.regenerate();
    request.session.account = accountName(directory, member);
    ctx.logger.info({ channel: WEB_CHANNEL, role: member.role }, 'desk sign-in');
  };

  server.post('/desk/login-link', { ...csrfOnly, config: { rateLimit: loginLimit } }, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const member = memberOf(directory, (body.account ?? '').slice(0, 100));
    // The member's own private chat with the bot (their id on their channel), never a group.
    if (member) {
      const now = new Date();
      const token = await ctx.accounts.createLoginToken(accountName(directory, member), now, web.loginLinkMinutes);
      const url = `${ctx.publicUrl()}/desk/link/${token}`;
      await ctx.outbox.enqueue({ channel: member.channel, chatId: member.userId, text: texts.say('link_message', { minutes: web.loginLinkMinutes, url }) }, clock.now());
    }
    // The same answer whether or not the account exists.
    request.session.flash = { kind: 'ok', text: texts.say('login_link_sent', { minutes: web.loginLinkMinutes }) };
    return reply.redirect('/desk', 303);
  });

  // The sign-in forms post here; opened as pages they go to the sign-in page.
  server.get('/desk/login', async (_request, reply) => reply.redirect('/desk', 303));
  server.get('/desk/login-link', async (_request, reply) => reply.redirect('/desk', 303));

  /** A link used, expired or unknown: back to sign-in, saying so. */
  const linkInvalid = (request: FastifyRequest, reply: FastifyReply) => {
    request.session.flash = { kind: 'error', text: texts.say('link_invalid') };
    return reply.redirect('/desk', 303);
  };

  server.get<{ Params: { token: string } }>('/desk/link/:token', async (request, reply) => {
    // Opening the link signs nobody in (a link preview must not use it): the page asks for a press.
    if (!(await ctx.accounts.tokenValid(request.params.token, new Date()))) return linkInvalid(request, reply);
    return send(reply, linkPage({ csrf: reply.generateCsrf(), token: request.params.token }));
  });

  server.post<{ Params: { token: string } }>('/desk/link/:token', { ...csrfOnly, config: { rateLimit: loginLimit } }, async (request, reply) => {
    const member = await ctx.accounts.useLoginToken(request.params.token, new Date());
    if (!member) return linkInvalid(request, reply);
    await signIn(request, member);
    return reply.redirect('/desk/queue', 303);
  });

  server.post('/desk/logout', csrfOnly, async (request, reply) => {
    await request.session.destroy();
    return reply.redirect('/desk', 303);
  });

  // --- The queue --------------------------------------------------------------------------------
  server.get('/desk/queue', async (request, reply) => {
    const q = request.query as Record<string, string | undefined>;
    const member = (request as Signed).member;
    const isCentre = member.role === 'centre';
    const filters: Record<string, string | undefined> = {
      status: pick(q.status, TICKET_STATUSES),
      branch: isCentre ? q.branch || undefined : undefined,
      field: q.field || undefined,
      group: q.group || undefined,
      channel: q.channel || undefined,
      urgent: q.urgent === '1' ? '1' : undefined,
      from: /^\d{4}-\d{2}-\d{2}$/u.test(q.from ?? '') ? q.from : undefined,
      to: /^\d{4}-\d{2}-\d{2}$/u.test(q.to ?? '') ? q.to : undefined,
      q: (q.q ?? '').trim().slice(0, 100) || undefined,
    };
    const me = actor(request);
    let searchNone: string | undefined;
    let tickets: Ticket[];
    if (filters.q) {
      const phone = findPhone(filters.q);
      const ref = phone ? undefined : parseTicketRef(filters.q);
      if (ref) {
        // A number opens that ticket, among those the member may see.
        try {
          const ticket = await desk.ticket(me, filters.q);
          return reply.redirect(`/desk/tickets/${ticket.number}`, 303);
        } catch (err) {
          if (!(err instanceof TicketError)) throw err;
          tickets = [];
        }
      } else {
        // A phone search is recorded in the access log (who searched, which tickets were found), once
        // per session and number every 30 minutes (the open page refreshes itself).
        tickets = phone ? await searchPhone(request, me, phone) : [];
      }
      if (tickets.length === 0) searchNone = texts.say('search_none', { query: filters.q });
    } else {
      tickets = await desk.list(me);
    }
    const today = clock.now();
    const matches = (t: Ticket, withStatus: boolean) =>
      (!withStatus || !filters.status || t.status === filters.status) &&
      (!filters.branch || t.branchId === filters.branch) &&
      (!filters.field || t.field === filters.field) &&
      (!filters.group || groupsOf(t.eligibility).includes(filters.group)) &&
      (!filters.channel || t.channel === filters.channel) &&
      (!filters.urgent || t.urgent) &&
      (!filters.from || isoDateIn(new Date(t.createdAt), timeZone) >= filters.from) &&
      (!filters.to || isoDateIn(new Date(t.createdAt), timeZone) <= filters.to);
    const base = tickets.filter((t) => matches(t, false));
    const shown = base.filter((t) => matches(t, true));
    const overdue = (t: Ticket) => t.status === 'routed' && t.routedAt !== null && today.getTime() - Date.parse(t.routedAt) >= desk.options.remindAfterHours * 3_600_000;
    shown.sort((a, b) => Number(b.urgent) - Number(a.urgent) || Number(overdue(b)) - Number(overdue(a)) || b.id - a.id);
    const counts = new Map<string, number>();
    for (const t of base) counts.set(t.status, (counts.get(t.status) ?? 0) + 1);
    const href = (status: string) => `/desk/queue?${new URLSearchParams(Object.entries({ ...filters, status }).filter((e): e is [string, string] => Boolean(e[1]))).toString()}`;
    const rows: QueueRow[] = shown.slice(0, 500).map((t) => ({
      number: t.number,
      status: statusName(t.status),
      field: fieldLabel(t.field),
      place: t.communeName ?? '—',
      branch: (directory.target(t.branchId) ?? directory.centre).name,
      channel: channelName(t.channel),
      created: localDateTime(t.createdAt, timeZone),
      urgent: t.urgent,
      deadline: t.deadline ? localDate(t.deadline) : undefined,
      overdue: overdue(t),
    }));
    const groups = new Set<string>();
    for (const t of tickets) for (const g of groupsOf(t.eligibility)) groups.add(g);
    return send(
      reply,
      queuePage({
        viewer: viewer(request),
        csrf: reply.generateCsrf(),
        flash: takeFlash(request),
        filters,
        statuses: TICKET_STATUSES.map((s) => ({ value: s, label: statusName(s) })),
        branches: isCentre ? targets(ctx) : undefined,
        fields: REQUEST_FIELDS.map((f) => ({ value: f.id, label: f.label })),
        groups: [...groups].sort().map((g) => ({ value: g, label: groupLabel(g) })),
        channels: [...new Set(['telegram', 'zalo', WEB_CHANNEL, 'console', ...tickets.map((t) => t.channel)])].map((c) => ({ value: c, label: channelName(c) })),
        counts: [
          { value: '', label: texts.say('count_all'), count: base.length, href: href('') },
          ...TICKET_STATUSES.filter((s) => counts.has(s)).map((s) => ({ value: s, label: statusName(s), count: counts.get(s)!, href: href(s) })),
        ],
        total: shown.length,
        rows,
        searchNone,
      }),
    );
  });

  const searchPhone = async (request: FastifyRequest, me: Actor, phone: string): Promise<Ticket[]> => {
    // The session is stored in plain JSON: the number is kept as a keyed hash only.
    const key = `phone:${createHmac('sha256', SEARCH_KEY).update(phone).digest('base64url').slice(0, 22)}`;
    const viewed = request.session.viewed ?? {};
    if ((viewed[key] ?? 0) > Date.now() - VIEW_RECORDED_FOR_MS) return desk.visible(me, await intake.tickets.findByPhone(phone));
    const found = await desk.findByPhone(me, phone);
    request.session.viewed = Object.fromEntries([...Object.entries(viewed).slice(-49), [key, Date.now()]]);
    return found;
  };

  // --- A ticket -----------------------------------------------------------------------------------
  server.get<{ Params: { number: string } }>('/desk/tickets/:number', async (request, reply) => {
    const me = actor(request);
    let shown: Awaited<ReturnType<typeof desk.show>>;
    try {
      // The read is written to the access log before anything is shown: once per ticket and sign-in
      // session every 30 minutes, so the page's own live refreshes do not fill the log.
      const found = await desk.ticket(me, request.params.number);
      const viewed = request.session.viewed ?? {};
      const recent = (viewed[found.number] ?? 0) > Date.now() - VIEW_RECORDED_FOR_MS;
      shown = recent ? { ticket: found, events: await intake.tickets.events(found.number) } : await desk.show(me, found.number);
      if (!recent) request.session.viewed = Object.fromEntries([...Object.entries(viewed).slice(-49), [found.number, Date.now()]]);
    } catch (err) {
      if (err instanceof TicketError || err instanceof PermissionError) return send(reply, errorPage(texts.say('error_not_found'), viewer(request), reply.generateCsrf()), 404);
      throw err;
    }
    const { ticket: t, events } = shown;
    const member = (request as Signed).member;
    const today = isoDateIn(clock.now(), timeZone);
    const check = t.anonymisedAt ? undefined : ctx.eligibility.checkFromFacts([t.facts, { commune: t.communeName ?? undefined }], today);
    const target = directory.target(t.branchId) ?? directory.centre;
    const none = texts.say('f_none');
    const facts: Array<{ label: string; value: string }> = [
      { label: texts.say('f_status'), value: statusName(t.status) },
      { label: texts.say('f_branch'), value: target.name },
      { label: texts.say('f_assignee'), value: t.assignee ?? none },
      { label: texts.say('f_created'), value: localDateTime(t.createdAt, timeZone) },
      { label: texts.say('f_channel'), value: channelName(t.channel) },
    ];
    if (t.anonymisedAt) {
      facts.push({ label: texts.say('f_name'), value: texts.say('f_anonymised', { at: localDateTime(t.anonymisedAt, timeZone) }) });
    } else {
      facts.push(
        { label: texts.say('f_name'), value: t.fullName },
        { label: texts.say('f_birth'), value: String(t.birthYear || none) },
        { label: texts.say('f_forwhom'), value: t.forWhom === 'self' || !t.requester ? texts.say('f_self') : texts.say('f_other', { name: t.requester.name, relation: t.requester.relation, phone: t.requester.phone ?? none }) },
        { label: texts.say('f_phone'), value: t.phone || none },
        { label: texts.say('f_contact'), value: t.contact === 'call' ? texts.say('f_contact_call') : texts.say('f_contact_message', { channel: channelName(t.channel) }) },
        { label: texts.say('f_address'), value: t.communeName ? `${t.addressText} → ${t.communeName}` : t.addressText },
        { label: texts.say('f_field'), value: fieldLabel(t.field) },
        ...(t.criminalRole ? [{ label: texts.say('f_role'), value: t.criminalRole }] : []),
        { label: texts.say('f_deadline'), value: t.deadline ? localDate(t.deadline) : none },
        { label: texts.say('f_description'), value: t.description },
      );
    }
    const checked = t.eligibilityChecked === null ? 'elig_checked_none' : t.eligibilityChecked ? 'elig_checked_ok' : 'elig_checked_not_ok';
    const eligibilityLines = [texts.say('elig_at_filing', { result: eligibilityName(t.eligibility) }), texts.say('elig_checked', { checked: texts.say(checked as TextKey) })];
    if (check) {
      const groups = check.groups.map((g) => `${g.label} (${g.citation})`).join('; ');
      eligibilityLines.splice(1, 0, texts.say('elig_now', { result: `${eligibilityName(check.status)}${groups ? `: ${groups}` : ''}` }));
    }
    const conversation = t.chatId && !t.anonymisedAt ? await conversationOf(ctx, t.channel, t.chatId) : [];
    const staff = directory.data.staff
      .filter((s) => s.role === 'centre' || s.branch === t.branchId)
      .map((s) => ({ value: accountName(directory, s), label: s.name ?? accountName(directory, s) }));
    return send(
      reply,
      ticketPage({
        viewer: viewer(request),
        csrf: reply.generateCsrf(),
        flash: takeFlash(request),
        number: t.number,
        urgent: t.urgent,
        facts,
        eligibility: {
          lines: eligibilityLines,
          papers: (check?.documents ?? []).map((d) => ({ title: d.label, items: d.items, source: d.source })),
          noPapers: texts.say('papers_none'),
        },
        conversation,
        history: events.map(
          (e) =>
            `${localDateTime(e.at, timeZone)} ${actorDisplay(e.actor, (channel, userId) => directory.staffMember(channel, userId)?.name)}: ${actionName(e.action)}${
              e.from !== e.to && e.to ? `${e.from ? ` ${statusName(e.from)}` : ''} → ${statusName(e.to)}` : ''
            }${e.note ? ` (${e.action === 'route' ? routeNote(ctx, e.note) : e.note})` : ''}`,
        ),
        nextStatuses: NEXT_STATUSES[t.status].map((s) => ({ value: s, label: statusName(s) })),
        can: {
          accept: NEXT_STATUSES[t.status].includes('accepted'),
          return: member.role === 'branch' && (t.status === 'routed' || t.status === 'accepted'),
          reject: NEXT_STATUSES[t.status].includes('rejected'),
        },
        branches: member.role === 'centre' ? targets(ctx) : undefined,
        staff,
        channel: channelName(t.channel),
        anonymised: t.anonymisedAt !== null,
      }),
    );
  });

  /** A ticket action: done through the Desk, then back to the ticket with what happened (or why not). */
  const act = (name: string, run: (me: Actor, number: string, body: Body) => Promise<{ number: string; key: TextKey; vars?: Record<string, string> }>) => {
    server.post<{ Params: { number: string } }>(`/desk/tickets/:number/${name}`, csrfOnly, async (request, reply) => {
      const number = request.params.number;
      try {
        const done = await run(actor(request), number, (request.body ?? {}) as Body);
        request.session.flash = { kind: 'ok', text: texts.say(done.key, { number: done.number, ...done.vars }) };
      } catch (err) {
        if (!(err instanceof TicketError || err instanceof PermissionError)) throw err;
        request.session.flash = { kind: 'error', text: err.message };
      }
      return reply.redirect(`/desk/tickets/${encodeURIComponent(number)}`, 303);
    });
  };
  const text = (body: Body, key: string, max = 4000) => {
    const value = (body[key] ?? '').trim().slice(0, max);
    if (!value) throw new TicketError(texts.say('error_empty'));
    return value;
  };
  act('accept', async (me, n) => ({ number: (await desk.accept(me, n)).number, key: 'done_accept' }));
  act('return', async (me, n, b) => ({ number: (await desk.returnToCentre(me, n, (b.note ?? '').trim().slice(0, 500))).number, key: 'done_return' }));
  act('reject', async (me, n, b) => ({ number: (await desk.reject(me, n, text(b, 'reason', 1000))).number, key: 'done_reject' }));
  act('reply', async (me, n, b) => ({ number: (await desk.reply(me, n, text(b, 'text'))).number, key: 'done_reply' }));
  act('note', async (me, n, b) => ({ number: (await desk.note(me, n, text(b, 'text'))).number, key: 'done_note' }));
  act('assign', async (me, n, b) => ({ number: (await desk.assign(me, n, text(b, 'assignee', 100))).number, key: 'done_assign' }));
  act('transfer', async (me, n, b) => ({ number: (await desk.reroute(me, n, text(b, 'branch', 100))).number, key: 'done_transfer' }));
  act('eligibility', async (me, n, b) => ({ number: (await desk.eligibilityChecked(me, n, b.ok === '1', (b.note ?? '').trim().slice(0, 500))).number, key: 'done_eligibility' }));
  act('status', async (me, n, b) => {
    const to = pick(b.status, TICKET_STATUSES);
    if (!to) throw new TicketError(texts.say('error_empty'));
    const updated = await desk.setStatus(me, n, to, (b.note ?? '').trim().slice(0, 1000));
    return { number: updated.number, key: 'done_status', vars: { status: statusName(updated.status) } };
  });

  // --- Live handoff (centre staff, as /hd, /tl, /kt in chat) ------------------------------------------
  const requireCentre = (request: FastifyRequest, reply: FastifyReply): boolean => {
    if ((request as Signed).member.role === 'centre') return true;
    void send(reply, errorPage(texts.say('handoffs_centre_only'), viewer(request), reply.generateCsrf()), 403);
    return false;
  };

  server.get('/desk/handoffs', async (request, reply) => {
    if (!requireCentre(request, reply)) return reply;
    const open = await intake.handoffs.openList();
    return send(
      reply,
      handoffsPage({
        viewer: viewer(request),
        csrf: reply.generateCsrf(),
        flash: takeFlash(request),
        rows: open.map((h) => ({
          code: h.code,
          line: texts.say('handoff_item', { code: h.code, channel: channelName(h.channel), openedAt: localDateTime(h.openedAt, timeZone), reason: h.reason, unanswered: h.unanswered }),
        })),
      }),
    );
  });

  server.get<{ Params: { code: string } }>('/desk/handoffs/:code', async (request, reply) => {
    if (!requireCentre(request, reply)) return reply;
    const handoff = await intake.handoffs.get(request.params.code);
    if (!handoff) return send(reply, errorPage(texts.say('error_not_found'), viewer(request), reply.generateCsrf()), 404);
    return send(
      reply,
      handoffPage({
        viewer: viewer(request),
        csrf: reply.generateCsrf(),
        flash: takeFlash(request),
        code: handoff.code,
        title: texts.say('handoff_title', { code: handoff.code }),
        conversation: await conversationOf(ctx, handoff.channel, handoff.chatId),
        open: handoff.status === 'open',
      }),
    );
  });

  const handoffAction = (name: 'reply' | 'close') => {
    server.post<{ Params: { code: string } }>(`/desk/handoffs/:code/${name}`, csrfOnly, async (request, reply) => {
      if (!requireCentre(request, reply)) return reply;
      const body = (request.body ?? {}) as Body;
      const message = (body.text ?? '').trim().slice(0, 4000);
      const { handoffs, outbox } = intake;
      const now = clock.now();
      // The check, the change and the message to the citizen in one transaction, as /tl and /kt do.
      const flash = await handoffs.transaction(async (): Promise<Flash> => {
        const handoff = await handoffs.get(request.params.code);
        if (!handoff || handoff.status !== 'open') return { kind: 'error', text: texts.say('handoff_unknown', { code: request.params.code.toUpperCase() }) };
        if (name === 'reply') {
          if (!message) return { kind: 'error', text: texts.say('error_empty') };
          await outbox.enqueue({ channel: handoff.channel, chatId: handoff.chatId, text: handoffMessages.say('staff_says', { text: message }) }, now);
          await handoffs.staffReplied(handoff.id);
          return { kind: 'ok', text: texts.say('handoff_sent', { code: handoff.code }) };
        }
        await handoffs.close(handoff.id, now);
        await outbox.enqueue({ channel: handoff.channel, chatId: handoff.chatId, text: handoffMessages.say('closed_by_staff') }, now);
        return { kind: 'ok', text: texts.say('handoff_closed', { code: handoff.code }) };
      });
      request.session.flash = flash;
      return reply.redirect(`/desk/handoffs/${encodeURIComponent(request.params.code)}`, 303);
    });
  };
  handoffAction('reply');
  handoffAction('close');

  // --- Live updates: server-sent events; the page fetches its own live parts again ---------------------
  server.get('/desk/events', (request, reply) => {
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    raw.write('retry: 3000\n\n');
    const unsubscribe = ctx.onDeskChange(() => raw.write('event: changed\ndata: {}\n\n'));
    const ping = setInterval(() => raw.write(': ping\n\n'), 25_000);
    ping.unref();
    request.raw.on('close', () => {
      clearInterval(ping);
      unsubscribe();
    });
  });
}

/** "cn-bac-yen: theo địa bàn" → "Chi nhánh Bắc Yên: theo địa bàn" (as the chat desk shows it). */
function routeNote(ctx: WebContext, note: string): string {
  const [id, ...rest] = note.split(':');
  const target = ctx.intake.directory.target(id!.trim());
  return target ? [target.name, ...rest].join(':') : note;
}

/** The branches and the centre, as choices. */
function targets(ctx: WebContext): Array<{ value: string; label: string }> {
  const { directory } = ctx.intake;
  return [{ value: CENTRE_ID, label: directory.centre.name }, ...directory.data.branches.map((b) => ({ value: b.id, label: b.name }))];
}

/**
 * What a ticket's eligibility says, as filter values: its status ("eligible") and the Điều 7 clauses
 * met ("7.2"), from "eligible (7.2, 7.7)".
 */
function groupsOf(eligibility: string): string[] {
  const [status, clauses] = [eligibility.split(' ')[0]!, /\(([^)]*)\)/u.exec(eligibility)?.[1]];
  return [status, ...(clauses ? clauses.split(/[,;]\s*/u).map((c) => c.trim()).filter(Boolean) : [])];
}

function groupLabel(group: string): string {
  const clause = /^(\d+)\.(.+)$/u.exec(group);
  return clause ? texts.say('group_clause', { article: clause[1]!, clause: clause[2]! }) : eligibilityName(group);
}

function pick<T extends string>(value: string | undefined, allowed: readonly T[]): T | undefined {
  return allowed.includes(value as T) ? (value as T) : undefined;
}

/**
 * The messages kept for a conversation (lib/outbox.ts keptFor): what the assistant and staff sent the
 * person, and what was passed to staff about them (a message relayed to several staff chats once).
 */
async function conversationOf(ctx: WebContext, channel: string, chatId: string): Promise<Array<{ at: string; to: boolean; text: string }>> {
  const kept = await ctx.outbox.keptFor(channel, chatId);
  const seen = new Set<string>();
  const out: Array<{ at: string; to: boolean; text: string }> = [];
  for (const m of kept) {
    const key = `${m.toThem}\u0000${m.createdAt}\u0000${m.text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ at: localDateTime(m.createdAt, ctx.config.timeZone), to: m.toThem, text: m.text });
  }
  return out.slice(-200);
}

