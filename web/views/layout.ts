/** The page around every desk view: head, the signed-in bar and navigation, a flash message. */
import { html, type Html } from '../html.ts';
import { texts } from '../texts.ts';

export interface Viewer {
  /** "Cán bộ Chi nhánh Bắc Yên (mẫu)" */
  name: string;
  /** "Chi nhánh Bắc Yên (mẫu)" or "Trung tâm" */
  place: string;
  isCentre: boolean;
}

export interface Flash {
  kind: 'ok' | 'error';
  text: string;
}

export function layout(options: { title: string; body: Html; viewer?: Viewer; csrf?: string; flash?: Flash; live?: boolean; active?: 'queue' | 'handoffs' }): Html {
  const { title, body, viewer, csrf, flash, live, active } = options;
  return html`<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — ${texts.say('desk_title')}</title>
<link rel="stylesheet" href="/static/web.css">
</head>
<body class="desk">
<header class="bar">
  <a class="brand" href="/desk/queue">${texts.say('desk_title')}</a>
  ${viewer
    ? html`<nav>
    <a href="/desk/queue"${active === 'queue' ? html` aria-current="page"` : ''}>${texts.say('nav_queue')}</a>
    ${viewer.isCentre ? html`<a href="/desk/handoffs"${active === 'handoffs' ? html` aria-current="page"` : ''}>${texts.say('nav_handoffs')}</a>` : ''}
  </nav>
  <span class="who">${texts.say('signed_in_as', { name: viewer.name, place: viewer.place })}</span>
  <form method="post" action="/desk/logout" class="inline"><input type="hidden" name="_csrf" value="${csrf ?? ''}"><button type="submit" class="link">${texts.say('logout')}</button></form>`
    : ''}
</header>
<main id="main">
${flash ? html`<p class="flash ${flash.kind}" role="status">${flash.text}</p>` : ''}
${body}
</main>
${live ? html`<script src="/static/desk.js" defer></script>` : ''}
</body>
</html>`;
}
