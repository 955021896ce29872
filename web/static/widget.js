/*
 * The web chat widget: one script tag on the centre's site,
 *   <script src="https://ADDRESS/chat/widget.js" defer></script>
 * shows a button that opens the chat (or, with data-mount="#id", the chat inside that element).
 * The conversation lives on the server (the same dialogue as Telegram and Zalo); this browser keeps
 * its token and what was said so far in localStorage, so a reload continues it. Texts come from the
 * server (TGPL_TEXTS, web/web.vi.yaml). Plain JavaScript, no build step.
 */
(function () {
  'use strict';
  var T = typeof TGPL_TEXTS === 'object' ? TGPL_TEXTS : {};
  var script = document.currentScript;
  var base = new URL(script ? script.src : '/chat/widget.js', location.href).origin;
  var KEY = 'tgpl-chat:' + base;
  var state = load();
  var els = {};
  var polling = false;

  function load() {
    try {
      var s = JSON.parse(localStorage.getItem(KEY) || 'null');
      if (s && typeof s.token === 'string') return { token: s.token, after: s.after || 0, log: Array.isArray(s.log) ? s.log.slice(-200) : [] };
    } catch (e) { /* a broken entry starts a new conversation */ }
    return { token: null, after: 0, log: [] };
  }
  function save() {
    try { localStorage.setItem(KEY, JSON.stringify({ token: state.token, after: state.after, log: state.log.slice(-200) })); } catch (e) { /* private mode */ }
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function build(mount) {
    var link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = base + '/static/widget.css';
    document.head.appendChild(link);
    var root = el('section', 'tgpl-chat' + (mount ? ' tgpl-inline' : ' tgpl-floating tgpl-closed'));
    root.setAttribute('aria-label', T.title || '');
    if (!mount) {
      var opener = el('button', 'tgpl-opener', T.open);
      opener.type = 'button';
      opener.addEventListener('click', function () { root.classList.remove('tgpl-closed'); opener.hidden = true; start(); els.input.focus(); });
      document.body.appendChild(opener);
      els.opener = opener;
    }
    var head = el('header', 'tgpl-head');
    head.appendChild(el('span', 'tgpl-title', T.title));
    var end = el('button', 'tgpl-end', T.end);
    end.type = 'button';
    end.addEventListener('click', function () {
      if (!window.confirm(T.endConfirm)) return;
      var token = state.token;
      state = { token: null, after: 0, log: [] };
      save();
      els.log.textContent = '';
      if (token) fetch(base + '/chat/api/end', { method: 'POST', headers: { 'x-chat-token': token } }).catch(function () {});
      polling = false;
      start();
    });
    head.appendChild(end);
    if (!mount) {
      var close = el('button', 'tgpl-close', T.close);
      close.type = 'button';
      close.addEventListener('click', function () { root.classList.add('tgpl-closed'); els.opener.hidden = false; els.opener.focus(); });
      head.appendChild(close);
    }
    root.appendChild(head);
    if (!mount) root.appendChild(el('p', 'tgpl-intro', T.intro));
    var log = el('ol', 'tgpl-log');
    log.setAttribute('aria-live', 'polite');
    root.appendChild(log);
    var form = el('form', 'tgpl-form');
    var input = el('textarea', 'tgpl-input');
    input.rows = 1;
    input.placeholder = T.placeholder;
    input.setAttribute('aria-label', T.placeholder);
    input.maxLength = 2000;
    input.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); form.requestSubmit ? form.requestSubmit() : submit(e); }
    });
    var send = el('button', 'tgpl-send', T.send);
    send.type = 'submit';
    form.appendChild(input);
    form.appendChild(send);
    form.addEventListener('submit', submit);
    root.appendChild(form);
    var error = el('p', 'tgpl-error');
    error.hidden = true;
    root.appendChild(error);
    (mount || document.body).appendChild(root);
    els.root = root; els.log = log; els.input = input; els.error = error;
    state.log.forEach(function (m) { render(m); });
    scroll();
  }

  function render(m) {
    var li = el('li', 'tgpl-msg ' + (m.who === 'you' ? 'tgpl-you' : 'tgpl-bot'));
    li.appendChild(el('span', 'tgpl-who', m.who === 'you' ? T.you : T.bot));
    li.appendChild(el('span', 'tgpl-text', m.text));
    if (m.document && m.id) {
      var file = el('button', 'tgpl-choice tgpl-file', (T.download || '').replace('{name}', m.document.name));
      file.type = 'button';
      file.addEventListener('click', function () { download(m.id, m.document.name); });
      li.appendChild(file);
    }
    if (m.choices && m.choices.length) {
      var row = el('div', 'tgpl-choices');
      m.choices.forEach(function (c) {
        var b = el('button', 'tgpl-choice', c.label);
        b.type = 'button';
        b.addEventListener('click', function () { sendMessage({ choice: c.id, text: c.label }, c.label); });
        row.appendChild(b);
      });
      li.appendChild(row);
    }
    els.log.appendChild(li);
  }
  /** A file of a reply: fetched with the token, then saved by the browser. */
  function download(id, name) {
    fetch(base + '/chat/api/messages/' + id + '/document', { headers: { 'x-chat-token': state.token } })
      .then(function (r) { if (!r.ok) throw new Error('status ' + r.status); return r.blob(); })
      .then(function (blob) {
        var url = URL.createObjectURL(blob);
        var a = document.createElement('a');
        a.href = url;
        a.download = name;
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
      })
      .catch(function () { els.error.textContent = T.error; els.error.hidden = false; });
  }
  function scroll() { els.log.scrollTop = els.log.scrollHeight; }

  function submit(e) {
    e.preventDefault();
    var text = els.input.value.trim();
    if (!text) return;
    els.input.value = '';
    sendMessage({ text: text }, text);
  }

  function id() {
    var a = new Uint8Array(12);
    crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }

  function sendMessage(body, shown) {
    var m = { who: 'you', text: shown };
    state.log.push(m);
    save();
    render(m);
    scroll();
    body.id = id();
    var attempt = function (tries) {
      ensureSession().then(function () {
        return fetch(base + '/chat/api/messages', { method: 'POST', headers: { 'content-type': 'application/json', 'x-chat-token': state.token }, body: JSON.stringify(body) });
      }).then(function (r) {
        if (r.status === 401) { state.token = null; throw new Error('session'); }
        if (!r.ok) throw new Error('status ' + r.status);
        els.error.hidden = true;
      }).catch(function () {
        if (tries < 3) return setTimeout(function () { attempt(tries + 1); }, 1000 * (tries + 1));
        els.error.textContent = T.error;
        els.error.hidden = false;
      });
    };
    attempt(0);
  }

  var creating = null;
  function ensureSession() {
    if (state.token) return Promise.resolve();
    if (!creating) {
      creating = fetch(base + '/chat/api/session', { method: 'POST' }).then(function (r) {
        if (!r.ok) throw new Error('status ' + r.status);
        return r.json();
      }).then(function (data) {
        state.token = data.token; state.after = 0; save();
      }).finally(function () { creating = null; });
    }
    return creating;
  }

  function poll() {
    if (polling) return;
    polling = true;
    var loop = function () {
      if (!polling) return;
      ensureSession().then(function () {
        var token = state.token;
        return fetch(base + '/chat/api/messages?wait=1&after=' + state.after, { headers: { 'x-chat-token': token } }).then(function (r) {
          if (r.status === 401) { if (state.token === token) { state.token = null; save(); } return null; }
          if (!r.ok) throw new Error('status ' + r.status);
          return r.json();
        });
      }).then(function (data) {
        if (data && data.messages) {
          data.messages.forEach(function (m) {
            var entry = { who: 'bot', text: m.text, choices: m.choices, id: m.id, document: m.document };
            state.log.push(entry);
            render(entry);
            state.after = Math.max(state.after, m.id);
          });
          if (data.messages.length) { save(); scroll(); }
        }
        els.error.hidden = true;
        setTimeout(loop, 50);
      }).catch(function () {
        setTimeout(loop, 3000);
      });
    };
    loop();
  }

  function start() { poll(); }

  function init() {
    var selector = script && script.getAttribute('data-mount');
    var mount = selector ? document.querySelector(selector) : null;
    build(mount);
    if (mount || state.token) start();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
