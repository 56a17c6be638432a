// Deadline countdowns and local times. The server renders both in UTC; this only refines them.
/* global document, setInterval */
(function () {
  'use strict';
  function left(ms) {
    var s = Math.floor(Math.abs(ms) / 1000);
    var d = Math.floor(s / 86400),
      h = Math.floor((s % 86400) / 3600),
      m = Math.floor((s % 3600) / 60);
    if (d > 0) return d + 'd ' + h + 'h';
    if (h > 0) return h + 'h ' + m + 'm';
    if (m > 0) return m + 'm ' + (s % 60) + 's';
    return (s % 60) + 's';
  }
  function tick() {
    var now = Date.now();
    document.querySelectorAll('[data-deadline]').forEach(function (el) {
      var ms = Number(el.getAttribute('data-deadline')) - now;
      var text = el.querySelector('.left') || el;
      text.textContent = ms >= 0 ? left(ms) + ' left' : 'overdue by ' + left(ms);
      el.classList.toggle('overdue', ms < 0);
      el.classList.toggle('soon', ms >= 0 && ms < 15 * 60 * 1000);
    });
  }
  var fmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  document.querySelectorAll('time[data-local]').forEach(function (el) {
    var t = Date.parse(el.getAttribute('datetime'));
    if (!isNaN(t)) el.textContent = fmt.format(new Date(t));
  });
  tick();
  setInterval(tick, 1000);
})();
