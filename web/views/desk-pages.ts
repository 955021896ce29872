/** The desk's pages: sign-in, the queue, a ticket, the open handoffs, errors. Texts from web.vi.yaml. */
import { html, type Html } from '../html.ts';
import { texts } from '../texts.ts';
import { layout, type Flash, type Viewer } from './layout.ts';

type Option = { value: string; label: string };

function select(name: string, label: string, options: Option[], selected: string | undefined, anyLabel = texts.say('any')): Html {
  return html`<label>${label}
    <select name="${name}">
      <option value="">${anyLabel}</option>
      ${options.map((o) => html`<option value="${o.value}"${o.value === selected ? html` selected` : ''}>${o.label}</option>`)}
    </select></label>`;
}

export function loginPage(options: { csrf: string; error?: string; notice?: string; account?: string; linkMinutes: number; linkEnabled: boolean }): Html {
  const { csrf, error, notice, account, linkEnabled } = options;
  return layout({
    title: texts.say('login_title'),
    flash: error ? { kind: 'error', text: error } : notice ? { kind: 'ok', text: notice } : undefined,
    body: html`<section class="card narrow">
  <h1>${texts.say('login_title')}</h1>
  <p class="muted">${texts.say('login_intro')}</p>
  <form method="post" action="/desk/login" class="stack">
    <input type="hidden" name="_csrf" value="${csrf}">
    <label>${texts.say('login_account')} <input name="account" autocomplete="username" required value="${account ?? ''}"></label>
    <label>${texts.say('login_password')} <input name="password" type="password" autocomplete="current-password" required></label>
    <button type="submit">${texts.say('login_submit')}</button>
  </form>
  ${linkEnabled
    ? html`<details>
    <summary>${texts.say('login_link_title')}</summary>
    <p class="muted">${texts.say('login_link_intro')}</p>
    <form method="post" action="/desk/login-link" class="stack">
      <input type="hidden" name="_csrf" value="${csrf}">
      <label>${texts.say('login_account')} <input name="account" autocomplete="username" required></label>
      <button type="submit" class="secondary">${texts.say('login_link_submit')}</button>
    </form>
  </details>`
    : ''}
</section>`,
  });
}

export function linkPage(options: { csrf: string; token: string }): Html {
  return layout({
    title: texts.say('link_title'),
    body: html`<section class="card narrow">
  <h1>${texts.say('link_title')}</h1>
  <p>${texts.say('link_intro')}</p>
  <form method="post" action="/desk/link/${options.token}"><input type="hidden" name="_csrf" value="${options.csrf}"><button type="submit">${texts.say('link_submit')}</button></form>
</section>`,
  });
}

export interface QueueRow {
  number: string;
  status: string;
  field: string;
  place: string;
  branch: string;
  channel: string;
  created: string;
  urgent: boolean;
  /** "24/11/2026": the trial date or deadline of an urgent request. */
  deadline?: string;
  overdue: boolean;
}

export interface QueueView {
  viewer: Viewer;
  csrf: string;
  flash?: Flash;
  filters: Record<string, string | undefined>;
  statuses: Option[];
  branches: Option[] | undefined;
  fields: Option[];
  groups: Option[];
  channels: Option[];
  counts: Array<{ value: string; label: string; count: number; href: string }>;
  total: number;
  rows: QueueRow[];
  searchNone?: string;
}

export function queuePage(v: QueueView): Html {
  const f = v.filters;
  return layout({
    title: texts.say('queue_title'),
    viewer: v.viewer,
    csrf: v.csrf,
    flash: v.flash,
    live: true,
    active: 'queue',
    body: html`<h1>${texts.say('queue_title')}</h1>
<form method="get" action="/desk/queue" class="filters" id="filters">
  <label class="wide">${texts.say('filter_search')} <input name="q" type="search" value="${f.q ?? ''}" inputmode="search"></label>
  ${select('status', texts.say('filter_status'), v.statuses, f.status)}
  ${v.branches ? select('branch', texts.say('filter_branch'), v.branches, f.branch) : ''}
  ${select('field', texts.say('filter_field'), v.fields, f.field)}
  ${select('group', texts.say('filter_group'), v.groups, f.group)}
  ${select('channel', texts.say('filter_channel'), v.channels, f.channel)}
  <label>${texts.say('filter_from')} <input type="date" name="from" value="${f.from ?? ''}"></label>
  <label>${texts.say('filter_to')} <input type="date" name="to" value="${f.to ?? ''}"></label>
  <label class="check"><input type="checkbox" name="urgent" value="1"${f.urgent ? html` checked` : ''}> ${texts.say('urgent_only')}</label>
  <span class="buttons"><button type="submit">${texts.say('filter_apply')}</button> <a href="/desk/queue">${texts.say('filter_clear')}</a></span>
</form>
<div id="live-queue" data-live>
<ul class="counts">
  ${v.counts.map((c) => html`<li><a href="${c.href}"${c.value === (f.status ?? '') ? html` aria-current="true"` : ''}>${c.label} <b>${c.count}</b></a></li>`)}
</ul>
${v.searchNone ? html`<p class="flash error">${v.searchNone}</p>` : ''}
${v.rows.length === 0
  ? html`<p class="muted">${texts.say('queue_empty')}</p>`
  : html`<p class="muted">${texts.say('shown_count', { shown: v.rows.length, total: v.total })} · ${texts.say('live_note')}</p>
<table class="queue">
  <thead><tr><th>${texts.say('col_number')}</th><th>${texts.say('col_status')}</th><th>${texts.say('col_field')}</th><th>${texts.say('col_place')}</th><th>${texts.say('col_branch')}</th><th>${texts.say('col_channel')}</th><th>${texts.say('col_created')}</th></tr></thead>
  <tbody>
  ${v.rows.map(
    (r) => html`<tr class="${r.urgent ? 'urgent' : ''}${r.overdue ? ' overdue' : ''}">
    <td data-label="${texts.say('col_number')}"><a href="/desk/tickets/${r.number}">${r.number}</a>${r.urgent ? html` <span class="badge urgent">${texts.say('urgent_badge')}</span>${r.deadline ? html` <span class="small">${texts.say('deadline_short', { date: r.deadline })}</span>` : ''}` : ''}${r.overdue ? html` <span class="badge overdue">${texts.say('overdue_badge')}</span>` : ''}</td>
    <td data-label="${texts.say('col_status')}">${r.status}</td>
    <td data-label="${texts.say('col_field')}">${r.field}</td>
    <td data-label="${texts.say('col_place')}">${r.place}</td>
    <td data-label="${texts.say('col_branch')}">${r.branch}</td>
    <td data-label="${texts.say('col_channel')}">${r.channel}</td>
    <td data-label="${texts.say('col_created')}">${r.created}</td>
  </tr>`,
  )}
  </tbody>
</table>`}
</div>`,
  });
}

export interface TicketView {
  viewer: Viewer;
  csrf: string;
  flash?: Flash;
  number: string;
  urgent: boolean;
  facts: Array<{ label: string; value: string }>;
  eligibility: { lines: string[]; papers: Array<{ title: string; items: string[]; source: string }>; noPapers?: string };
  conversation: Array<{ at: string; to: boolean; text: string }>;
  history: string[];
  nextStatuses: Option[];
  /** Which status actions the ticket's status allows (the desk refuses the others anyway). */
  can: { accept: boolean; return: boolean; reject: boolean };
  branches: Option[] | undefined;
  staff: Option[];
  channel: string;
  anonymised: boolean;
}

export function ticketPage(v: TicketView): Html {
  const action = (name: string) => `/desk/tickets/${v.number}/${name}`;
  const csrf = html`<input type="hidden" name="_csrf" value="${v.csrf}">`;
  return layout({
    title: v.number,
    viewer: v.viewer,
    csrf: v.csrf,
    flash: v.flash,
    live: true,
    body: html`<p><a href="/desk/queue">${texts.say('back_to_queue')}</a></p>
<h1>${v.number}${v.urgent ? html` <span class="badge urgent">${texts.say('urgent_badge')}</span>` : ''}</h1>
<div class="ticket">
<div class="col">
<section class="card">
  <h2>${texts.say('section_request')}</h2>
  <dl class="facts">${v.facts.map((f) => html`<dt>${f.label}</dt><dd>${f.value}</dd>`)}</dl>
</section>
<section class="card">
  <h2>${texts.say('section_eligibility')}</h2>
  ${v.eligibility.lines.map((l) => html`<p>${l}</p>`)}
  ${v.eligibility.papers.length
    ? v.eligibility.papers.map((p) => html`<h3>${p.title}</h3><ul>${p.items.map((i) => html`<li>${i}</li>`)}</ul><p class="muted small">${p.source}</p>`)
    : html`<p class="muted">${v.eligibility.noPapers ?? ''}</p>`}
</section>
<section class="card" id="live-conversation" data-live>
  <h2>${texts.say('section_conversation')}</h2>
  <p class="muted small">${texts.say('conv_note')}</p>
  ${v.conversation.length === 0
    ? html`<p class="muted">${texts.say('conv_empty')}</p>`
    : html`<ol class="conversation">${v.conversation.map(
        (m) => html`<li class="${m.to ? 'to' : 'about'}"><span class="meta">${m.at} · ${m.to ? texts.say('conv_to') : texts.say('conv_about')}</span><span class="text">${m.text}</span></li>`,
      )}</ol>`}
</section>
</div>
<div class="col">
${v.anonymised
  ? ''
  : html`<section class="card actions">
  <h2>${texts.say('section_actions')}</h2>
  ${v.can.accept ? html`<div class="row">
    <form method="post" action="${action('accept')}">${csrf}<button type="submit">${texts.say('act_accept')}</button></form>
  </div>` : ''}
  <form method="post" action="${action('reply')}" class="stack">${csrf}
    <label>${texts.say('act_reply')} <textarea name="text" rows="3" required></textarea></label>
    <span class="muted small">${texts.say('act_reply_hint', { channel: v.channel })}</span>
    <button type="submit">${texts.say('act_reply_submit')}</button>
  </form>
  <form method="post" action="${action('note')}" class="stack">${csrf}
    <label>${texts.say('act_note')} <textarea name="text" rows="2" required></textarea></label>
    <button type="submit" class="secondary">${texts.say('act_note_submit')}</button>
  </form>
  ${v.nextStatuses.length
    ? html`<form method="post" action="${action('status')}" class="stack">${csrf}
    <label>${texts.say('act_status')} <select name="status" required>${v.nextStatuses.map((s) => html`<option value="${s.value}">${s.label}</option>`)}</select></label>
    <label>${texts.say('act_status_note')} <input name="note"></label>
    <button type="submit" class="secondary">${texts.say('act_status_submit')}</button>
  </form>`
    : ''}
  <form method="post" action="${action('assign')}" class="stack">${csrf}
    <label>${texts.say('act_assign')} <input name="assignee" list="staff-list" required></label>
    <datalist id="staff-list">${v.staff.map((s) => html`<option value="${s.value}">${s.label}</option>`)}</datalist>
    <button type="submit" class="secondary">${texts.say('act_assign_submit')}</button>
  </form>
  ${v.branches
    ? html`<form method="post" action="${action('transfer')}" class="stack">${csrf}
    <label>${texts.say('act_transfer')} <select name="branch" required>${v.branches.map((b) => html`<option value="${b.value}">${b.label}</option>`)}</select></label>
    <button type="submit" class="secondary">${texts.say('act_transfer_submit')}</button>
  </form>`
    : v.can.return
      ? html`<form method="post" action="${action('return')}" class="stack">${csrf}
    <label>${texts.say('act_return_note')} <input name="note"></label>
    <button type="submit" class="secondary">${texts.say('act_return')}</button>
  </form>`
      : ''}
  <form method="post" action="${action('eligibility')}" class="row">${csrf}
    <span>${texts.say('act_eligibility')}:</span>
    <button type="submit" name="ok" value="1" class="secondary">${texts.say('act_eligibility_yes')}</button>
    <button type="submit" name="ok" value="0" class="secondary">${texts.say('act_eligibility_no')}</button>
  </form>
  ${v.can.reject ? html`<form method="post" action="${action('reject')}" class="stack">${csrf}
    <label>${texts.say('act_reject_reason')} <input name="reason" required></label>
    <button type="submit" class="danger">${texts.say('act_reject')}</button>
  </form>` : ''}
</section>`}
<section class="card" id="live-history" data-live>
  <h2>${texts.say('section_history')}</h2>
  <ol class="history">${v.history.map((h) => html`<li>${h}</li>`)}</ol>
</section>
</div>
</div>`,
  });
}

export interface HandoffRow {
  code: string;
  line: string;
}

export function handoffsPage(v: { viewer: Viewer; csrf: string; flash?: Flash; rows: HandoffRow[] }): Html {
  return layout({
    title: texts.say('handoffs_title'),
    viewer: v.viewer,
    csrf: v.csrf,
    flash: v.flash,
    live: true,
    active: 'handoffs',
    body: html`<h1>${texts.say('handoffs_title')}</h1>
<div id="live-handoffs" data-live>
${v.rows.length === 0
  ? html`<p class="muted">${texts.say('handoffs_empty')}</p>`
  : html`<ul class="handoffs">${v.rows.map((r) => html`<li><a href="/desk/handoffs/${r.code}">${r.line}</a></li>`)}</ul>`}
</div>`,
  });
}

export function handoffPage(v: { viewer: Viewer; csrf: string; flash?: Flash; code: string; title: string; conversation: Array<{ at: string; to: boolean; text: string }>; open: boolean }): Html {
  const csrf = html`<input type="hidden" name="_csrf" value="${v.csrf}">`;
  return layout({
    title: v.title,
    viewer: v.viewer,
    csrf: v.csrf,
    flash: v.flash,
    live: true,
    active: 'handoffs',
    body: html`<p><a href="/desk/handoffs">← ${texts.say('handoffs_title')}</a></p>
<h1>${v.title}</h1>
<section class="card" id="live-handoff" data-live>
  ${v.conversation.length === 0
    ? html`<p class="muted">${texts.say('conv_empty')}</p>`
    : html`<ol class="conversation">${v.conversation.map(
        (m) => html`<li class="${m.to ? 'to' : 'about'}"><span class="meta">${m.at} · ${m.to ? texts.say('conv_to') : texts.say('conv_about')}</span><span class="text">${m.text}</span></li>`,
      )}</ol>`}
</section>
${v.open
  ? html`<section class="card">
  <form method="post" action="/desk/handoffs/${v.code}/reply" class="stack">${csrf}
    <label>${texts.say('handoff_reply')} <textarea name="text" rows="3" required></textarea></label>
    <button type="submit">${texts.say('handoff_reply_submit')}</button>
  </form>
  <form method="post" action="/desk/handoffs/${v.code}/close">${csrf}<button type="submit" class="danger">${texts.say('handoff_close')}</button></form>
</section>`
  : ''}`,
  });
}

export function errorPage(text: string, viewer?: Viewer, csrf?: string): Html {
  return layout({ title: text, viewer, csrf, body: html`<section class="card narrow"><p>${text}</p><p><a href="/desk">${texts.say('back_to_queue')}</a></p></section>` });
}
