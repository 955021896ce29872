/*
 * Live updates of the web desk: the server sends an event when something changed (a new ticket, a
 * citizen's message, a reply); the page fetches itself again and replaces its live parts
 * ([data-live] with an id), leaving forms being filled in untouched.
 */
(function () {
  'use strict';
  if (!window.EventSource || !document.querySelector('[data-live]')) return;
  var busy = false;
  var again = false;
  function refresh() {
    if (busy) { again = true; return; }
    busy = true;
    fetch(location.href, { credentials: 'same-origin', headers: { accept: 'text/html' } })
      .then(function (r) { return r.ok && !r.redirected ? r.text() : null; })
      .then(function (text) {
        if (!text) return;
        var doc = new DOMParser().parseFromString(text, 'text/html');
        document.querySelectorAll('[data-live][id]').forEach(function (part) {
          var fresh = doc.getElementById(part.id);
          if (fresh && fresh.innerHTML !== part.innerHTML) part.innerHTML = fresh.innerHTML;
        });
      })
      .catch(function () { /* the next event tries again */ })
      .finally(function () {
        busy = false;
        if (again) { again = false; refresh(); }
      });
  }
  // A page in a background tab refreshes when it is shown again, not on every change.
  var missed = false;
  function changed() {
    if (document.hidden) { missed = true; return; }
    refresh();
  }
  document.addEventListener('visibilitychange', function () {
    if (!document.hidden && missed) { missed = false; refresh(); }
  });
  var events = new EventSource('/desk/events');
  events.addEventListener('changed', changed);
})();
