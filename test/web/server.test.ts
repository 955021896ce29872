/**
 * The web server over real HTTP on 127.0.0.1 (no browser): the contract for outside checks, CSRF,
 * sign-in and its limit, the branch rule, the access log, and the web chat as a channel of the
 * pipeline (a conversation through its JSON API, kept across "reloads").
 */
import { describe, expect, it } from 'vitest';
import { SEALED } from '../../lib/sealed-columns.ts';
import { SAMPLE_DRAFT, testApp, testConfig } from '../helpers.ts';
import { givePasswords, PASSWORD, startWeb } from './web-helpers.ts';

/** A cookie jar of one: the desk's session cookie. */
function client(base: string) {
  let cookie = '';
  const request = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${base}${path}`, { ...init, redirect: 'manual', headers: { ...(cookie ? { cookie } : {}), ...(init.headers as Record<string, string> | undefined) } });
    const set = res.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0]!;
    return res;
  };
  const csrf = async (path = '/desk') => /name="_csrf" value="([^"]+)"/u.exec(await (await request(path)).text())?.[1] ?? '';
  const form = (path: string, fields: Record<string, string>) =>
    request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
  const signIn = async (account: string, password = PASSWORD) => form('/desk/login', { _csrf: await csrf(), account, password });
  return { request, csrf, form, signIn };
}

describe('web desk over HTTP', () => {
  it('keeps the contract: chat at /, sign-in form at /desk, other /desk pages redirect, sign-in without CSRF token is 403', async () => {
    const app = await testApp();
    const web = await startWeb(app);
    const http = client(web.url);
    const chat = await http.request('/');
    expect(chat.status).toBe(200);
    expect(await chat.text()).toContain('/chat/widget.js');
    const desk = await http.request('/desk');
    expect(desk.status).toBe(200);
    expect(await desk.text()).toMatch(/<input[^>]+type="password"/u);
    expect((await http.request('/desk/')).status).toBe(200);
    for (const path of ['/desk/queue', '/desk/tickets/TG-2026-000001', '/desk/handoffs', '/desk/events', '/desk/no-such-page', '/desk/login', '/desk/login-link', '/desk/link/made-up-token', '/desk/queue/']) {
      const res = await client(web.url).request(path);
      expect([302, 303], path).toContain(res.status);
      expect(res.headers.get('location'), path).toBe('/desk');
    }
    const noToken = await client(web.url).form('/desk/login', { account: 'staff-centre', password: PASSWORD });
    expect(noToken.status).toBe(403);
    // Signed in, an action without the token is refused too, and changes nothing.
    await givePasswords(web, 'staff-centre');
    const ticket = await app.intake.desk.file(SAMPLE_DRAFT, { channel: 'telegram', chatId: '555', userId: '555' });
    expect((await http.signIn('staff-centre')).status).toBe(303);
    const forged = await http.form(`/desk/tickets/${ticket.number}/accept`, {});
    expect(forged.status).toBe(403);
    expect((await app.intake.tickets.get(ticket.number))!.status).toBe('routed');
  });

  it('signs staff in with their password only, limits attempts, and signs out', async () => {
    const app = await testApp(testConfig(undefined, { WEB_LOGIN_ATTEMPTS: '3' }));
    const web = await startWeb(app);
    await givePasswords(web, 'staff-bac-yen');
    const http = client(web.url);
    const wrong = await http.signIn('staff-bac-yen', 'not-the-password');
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('Tài khoản hoặc mật khẩu không đúng.');
    // A member without a password, and a name not in the directory, are refused the same way.
    expect((await http.signIn('staff-phu-yen')).status).toBe(401);
    const ok = await http.signIn('staff-bac-yen');
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/desk/queue');
    const queue = await http.request('/desk/queue');
    expect(queue.status).toBe(200);
    expect(await queue.text()).toContain('Cán bộ Chi nhánh Bắc Yên (mẫu)');
    // The cookie: HTTP-only, SameSite, only for /desk; the chat page sets none.
    const cookie = (await client(web.url).request('/desk')).headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/u);
    expect(cookie).toMatch(/SameSite=Strict/u);
    expect(cookie).toMatch(/Path=\/desk/u);
    expect((await client(web.url).request('/')).headers.get('set-cookie')).toBeNull();
    // The fourth attempt within 15 minutes from this address is refused (before anything else is checked).
    expect((await http.signIn('staff-bac-yen')).status).toBe(429);
    expect((await http.form('/desk/logout', { _csrf: await http.csrf('/desk/queue') })).status).toBe(303);
    expect((await http.request('/desk/queue')).status).toBe(303);
  });

  it('shows a branch only its tickets and records each ticket read in the access log, as the chat desk', async () => {
    const app = await testApp();
    const web = await startWeb(app);
    await givePasswords(web, 'staff-bac-yen', 'staff-centre');
    const ours = await app.intake.desk.file(SAMPLE_DRAFT, { channel: 'telegram', chatId: '555', userId: '555' });
    const theirs = await app.intake.desk.file({ ...SAMPLE_DRAFT, fullName: 'Quàng Thị Mai' }, { channel: 'zalo', chatId: 'z1', userId: 'z1' });
    await app.intake.desk.reroute({ kind: 'operator' }, theirs.number, 'cn-phu-yen');
    const branch = client(web.url);
    await branch.signIn('staff-bac-yen');
    const queue = await (await branch.request('/desk/queue')).text();
    expect(queue).toContain(ours.number);
    expect(queue).not.toContain(theirs.number);
    const other = await branch.request(`/desk/tickets/${theirs.number}`);
    expect(other.status).toBe(404);
    expect(await other.text()).not.toContain('Quàng Thị Mai');
    // Nor can it act on it, nor find it by number or phone.
    await branch.form(`/desk/tickets/${theirs.number}/accept`, { _csrf: await branch.csrf('/desk/queue') });
    expect((await app.intake.tickets.get(theirs.number))!.status).toBe('routed');
    const search = await branch.request(`/desk/queue?q=${encodeURIComponent(theirs.number)}`);
    expect(search.status).toBe(200);
    const own = await branch.request(`/desk/queue?q=${encodeURIComponent(ours.number)}`);
    expect(own.headers.get('location')).toBe(`/desk/tickets/${ours.number}`);
    const page = await (await branch.request(`/desk/tickets/${ours.number}`)).text();
    expect(page).toContain('Lò Văn Páo');
    // The page refreshing itself (live updates) in the same session is one read in the log.
    await branch.request(`/desk/tickets/${ours.number}`);
    const centre = client(web.url);
    await centre.signIn('staff-centre');
    expect(await (await centre.request(`/desk/tickets/${theirs.number}`)).text()).toContain('Quàng Thị Mai');
    // The handoff desk is the centre's, as /hd in chat.
    expect((await branch.request('/desk/handoffs')).status).toBe(403);
    expect((await centre.request('/desk/handoffs')).status).toBe(200);
    const reads = await app.intake.access.list();
    expect(reads.filter((r) => r.action === 'view').map((r) => [r.actor, r.ticketNumber, r.via])).toEqual([
      ['console:staff-bac-yen', ours.number, 'web'],
      ['console:staff-centre', theirs.number, 'web'],
    ]);
  });
});

describe('web desk actions', () => {
  it('does what the chat desk does, each in the same store and audit log, and tells the citizen on their channel', async () => {
    const app = await testApp();
    const web = await startWeb(app);
    await givePasswords(web, 'staff-centre', 'staff-bac-yen');
    const centre = client(web.url);
    await centre.signIn('staff-centre');
    const ticket = await app.intake.desk.file(SAMPLE_DRAFT, { channel: 'zalo', chatId: 'z5', userId: 'z5' });
    const post = async (action: string, fields: Record<string, string> = {}) => {
      const res = await centre.form(`/desk/tickets/${ticket.number}/${action}`, { _csrf: await centre.csrf('/desk/queue'), ...fields });
      expect(res.status, action).toBe(303);
      return (await (await centre.request(`/desk/tickets/${ticket.number}`)).text()).match(/<p class="flash (ok|error)"[^>]*>([^<]*)</u)?.slice(1);
    };
    expect(await post('note', { text: 'Đã gọi, hẹn thứ Hai' })).toEqual(['ok', 'Đã lưu ghi chú.']);
    expect(await post('assign', { assignee: 'staff-bac-yen' })).toEqual(['ok', `Đã giao yêu cầu ${ticket.number}.`]);
    expect(await post('eligibility', { ok: '1' })).toEqual(['ok', 'Đã ghi kết quả kiểm tra giấy tờ.']);
    expect(await post('transfer', { branch: 'cn-phu-yen' })).toEqual(['ok', `Đã chuyển yêu cầu ${ticket.number}.`]);
    expect(await post('status', { status: 'done' })).toEqual(['error', expect.stringContaining('không chuyển sang')]);
    expect(await post('reject', { reason: '' })).toEqual(['error', 'Hãy nhập nội dung.']);
    expect(await post('reject', { reason: 'Việc kinh doanh, không thuộc phạm vi' })).toEqual(['ok', `Đã từ chối yêu cầu ${ticket.number}; người dân được báo.`]);
    const after = (await app.intake.tickets.get(ticket.number))!;
    expect(after).toMatchObject({ status: 'rejected', branchId: 'cn-phu-yen', assignee: 'staff-bac-yen', eligibilityChecked: true });
    const events = await app.intake.tickets.events(ticket.number);
    expect(events.filter((e) => e.actor === 'console:staff-centre').map((e) => e.action)).toEqual(['note', 'assign', 'eligibility_ok', 'route', 'status']);
    const toCitizen = (await app.intake.outbox.pending(['zalo'])).filter((m) => m.chatId === 'z5').map((m) => m.text);
    expect(toCitizen.at(-1)).toContain('Việc kinh doanh, không thuộc phạm vi');
    // A phone search is a read of personal data: in the access log, through the web.
    const found = await (await centre.request('/desk/queue?q=0912%20345%20678')).text();
    expect(found).toContain(ticket.number);
    await centre.request('/desk/queue?q=0912345678');
    // Sessions are stored as plain JSON: no phone number in them.
    expect(JSON.stringify(await app.db.all('SELECT data FROM web_sessions'))).not.toMatch(/0912|345.?678/u);
    expect((await app.intake.access.list()).filter((r) => r.action === 'search').map((r) => [r.actor, r.ticketNumber, r.via])).toEqual([
      ['console:staff-centre', ticket.number, 'web'],
    ]);
  });
});

describe('web desk: one-time sign-in link and live handoff', () => {
  it('sends a one-time sign-in link to the member\'s own chat; it works once', async () => {
    const app = await testApp(testConfig(undefined, { WEB_PUBLIC_URL: 'https://tgpl.example.vn' }));
    const web = await startWeb(app);
    const http = client(web.url);
    const sent = await http.form('/desk/login-link', { _csrf: await http.csrf(), account: 'staff-bac-yen' });
    expect(sent.status).toBe(303);
    // An unknown name gets the same answer and nothing is sent.
    await http.form('/desk/login-link', { _csrf: await http.csrf(), account: 'no-such-person' });
    const messages = await app.intake.outbox.pending();
    const links = messages.filter((m) => m.text.includes('/desk/link/'));
    expect(links.map((m) => [m.channel, m.chatId])).toEqual([['console', 'staff-bac-yen']]);
    const path = /https:\/\/tgpl\.example\.vn(\/desk\/link\/[\w-]+)/u.exec(links[0]!.text)![1]!;
    const page = await http.request(path);
    expect(page.status).toBe(200);
    const csrf = /name="_csrf" value="([^"]+)"/u.exec(await page.text())![1]!;
    const used = await http.form(path, { _csrf: csrf });
    expect(used.status).toBe(303);
    expect(used.headers.get('location')).toBe('/desk/queue');
    expect((await http.request('/desk/queue')).status).toBe(200);
    // Used once: opened again it goes to sign-in, saying the link no longer works.
    const other = client(web.url);
    const again = await other.request(path);
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe('/desk');
    expect(await (await other.request('/desk')).text()).toContain('Liên kết đã dùng hoặc đã hết hạn.');
  });

  it('lists open handoffs for the centre; a reply from the browser reaches the citizen in the web chat', async () => {
    const app = await testApp();
    const web = await startWeb(app);
    await givePasswords(web, 'staff-centre');
    const { token } = (await (await fetch(`${web.url}/chat/api/session`, { method: 'POST' })).json()) as { token: string };
    const headers = { 'x-chat-token': token, 'content-type': 'application/json' };
    const say = async (id: string, text: string) => {
      await fetch(`${web.url}/chat/api/messages`, { method: 'POST', headers, body: JSON.stringify({ id, text }) });
      await app.pipeline.idle();
    };
    await say('h1', 'gặp cán bộ');
    await say('h2', '1');
    await say('h3', 'Tôi cần hỏi gấp về chuyện đất');
    const [handoff] = await app.intake.handoffs.openList();
    expect(handoff).toMatchObject({ channel: 'web' });
    const centre = client(web.url);
    await centre.signIn('staff-centre');
    const list = await (await centre.request('/desk/handoffs')).text();
    expect(list).toContain(handoff!.code);
    const page = await (await centre.request(`/desk/handoffs/${handoff!.code}`)).text();
    expect(page).toContain('Tôi cần hỏi gấp về chuyện đất');
    const csrf = /name="_csrf" value="([^"]+)"/u.exec(page)![1]!;
    expect((await centre.form(`/desk/handoffs/${handoff!.code}/reply`, { _csrf: csrf, text: 'Chào bạn, cán bộ đây.' })).status).toBe(303);
    const read = async () => ((await (await fetch(`${web.url}/chat/api/messages?after=0`, { headers })).json()) as { messages: Array<{ text: string }> }).messages;
    expect((await read()).map((m) => m.text).join('\n')).toContain('Chào bạn, cán bộ đây.');
    expect((await centre.form(`/desk/handoffs/${handoff!.code}/close`, { _csrf: csrf })).status).toBe(303);
    expect(await app.intake.handoffs.openList()).toEqual([]);
  });
});

describe('web chat API', () => {
  it('talks to the same dialogue through the pipeline, buttons as choices, and keeps the conversation for its token', async () => {
    const app = await testApp();
    const web = await startWeb(app);
    const session = await fetch(`${web.url}/chat/api/session`, { method: 'POST' });
    expect(session.status).toBe(201);
    const { token } = (await session.json()) as { token: string };
    const headers = { 'x-chat-token': token, 'content-type': 'application/json' };
    type Message = { id: number; text: string; choices: Array<{ id: string; label: string }> };
    const read = async (after: number) => ((await (await fetch(`${web.url}/chat/api/messages?wait=1&after=${after}`, { headers })).json()) as { messages: Message[] }).messages;
    const first = await read(0);
    expect(first.map((m) => m.text).join('\n')).toContain('Xin chào');
    const menu = first.at(-1)!;
    expect(menu.choices.map((c) => c.id)).toContain('menu:about');
    const sent = await fetch(`${web.url}/chat/api/messages`, { method: 'POST', headers, body: JSON.stringify({ id: 'a1', choice: 'menu:about', text: 'Giới thiệu' }) });
    expect(sent.status).toBe(202);
    // The same message sent twice (a retry) is handled once.
    await fetch(`${web.url}/chat/api/messages`, { method: 'POST', headers, body: JSON.stringify({ id: 'a1', choice: 'menu:about', text: 'Giới thiệu' }) });
    const about = await read(menu.id);
    expect(about.map((m) => m.text).join('\n')).toContain('Điều 27');
    await app.pipeline.idle();
    expect((await read(menu.id)).length).toBe(about.length);
    // A "reload": the same token reads the whole conversation again.
    expect((await read(0)).length).toBe(first.length + about.length);
    expect((await fetch(`${web.url}/chat/api/messages?after=0`, { headers: { 'x-chat-token': 'x'.repeat(43) } })).status).toBe(401);
    const bad = await fetch(`${web.url}/chat/api/messages`, { method: 'POST', headers, body: JSON.stringify({ id: 'a2', text: '' }) });
    expect(bad.status).toBe(400);
  });

  it('offers a file a reply carries (a filled form) for download with the token only', async () => {
    const app = await testApp();
    const web = await startWeb(app);
    const { token } = (await (await fetch(`${web.url}/chat/api/session`, { method: 'POST' })).json()) as { token: string };
    await app.pipeline.idle();
    const chat = await app.db.get<{ chat_id: string }>('SELECT chat_id FROM web_chats');
    // A reply with a document, as the paperwork flow writes it (sealed like every outbox body).
    const document = { filename: 'Mẫu 02.pdf', mimeType: 'application/pdf', data: Buffer.from('%PDF-1.4 thử').toString('base64') };
    const { lastID } = await app.db.run('INSERT INTO outbox (channel, chat_id, body, created_at) VALUES (?, ?, ?, ?)', [
      'web',
      chat!.chat_id,
      app.vault.sealJson({ text: 'Đơn đã điền sẵn', document }, SEALED.outboxBody),
      new Date().toISOString(),
    ]);
    const headers = { 'x-chat-token': token };
    const { messages } = (await (await fetch(`${web.url}/chat/api/messages?after=0`, { headers })).json()) as { messages: Array<{ id: number; document?: { name: string } }> };
    expect(messages.find((m) => m.id === lastID)!.document).toEqual({ name: 'Mẫu 02.pdf' });
    expect(JSON.stringify(messages)).not.toContain(document.data);
    const file = await fetch(`${web.url}/chat/api/messages/${lastID}/document`, { headers });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('Mẫu 02.pdf')}`);
    expect(Buffer.from(await file.arrayBuffer()).toString()).toBe('%PDF-1.4 thử');
    // Another conversation's token, or none, gets nothing.
    const { token: other } = (await (await fetch(`${web.url}/chat/api/session`, { method: 'POST' })).json()) as { token: string };
    expect((await fetch(`${web.url}/chat/api/messages/${lastID}/document`, { headers: { 'x-chat-token': other } })).status).toBe(404);
    expect((await fetch(`${web.url}/chat/api/messages/${lastID}/document`)).status).toBe(401);
  });
});
