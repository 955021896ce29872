/**
 * The web chat's own page (served at "/"): the same widget a centre embeds on its site with one
 * script tag, opened full size.
 */
import { html, type Html } from '../html.ts';
import { texts } from '../texts.ts';

export function chatPage(options: { centre: string; hotline: string }): Html {
  return html`<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${texts.say('chat_title')}</title>
<link rel="stylesheet" href="/static/web.css">
</head>
<body class="chat-page">
<header class="bar"><span class="brand">${texts.say('chat_title')}</span></header>
<main>
<p class="muted intro">${texts.say('chat_intro', { centre: options.centre, hotline: options.hotline })}</p>
<div id="tgpl-chat"></div>
</main>
<script src="/chat/widget.js" data-mount="#tgpl-chat" defer></script>
</body>
</html>`;
}
