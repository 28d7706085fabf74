// Issue 17 (docs/CITIZENS.md "The holder's ticket page"): the holder's ticket (/xep-hang/ve/{token}) is read again every
// data-song seconds while it waits, is called or served and swapped in place, behind the toggle "Tự cập nhật" that stops and
// restarts it (WCAG 2.2.1 and 2.2.2: the meta refresh it replaces could not be stopped, axe-core's critical
// meta-refresh, trial 17w MEDIUM 1). A new state or counter is read out by the status region; once the service is over
// (the satisfaction buttons) or the ticket cancelled, the refresh ends. Served from the app, so the Content-Security-Policy (script-src 'self') allows it.
// Without script the page's "Cập nhật" link reloads it by hand.
(function () {
  'use strict';
  var box = document.getElementById('ve');
  var button = document.getElementById('tu-cap-nhat');
  var news = document.getElementById('ve-thong-bao');
  var controls = document.getElementById('ve-dieu-khien');
  if (!box || !button || !news || !controls || !window.fetch || !window.DOMParser) return;
  var seconds = Number(box.getAttribute('data-song')) || 30;
  var url = box.getAttribute('data-url') || window.location.pathname;
  var on = true;
  var timer = 0;
  var turns = 0;
  var focusable = 'a[href], button, input:not([type=hidden]), select, textarea';

  // What a change is announced by: the state and, once called, the counter.
  function said() {
    var state = document.getElementById('trang-thai');
    var counter = document.getElementById('quay');
    return (state ? state.textContent.trim() : '') + (counter ? ', mời đến ' + counter.textContent.trim() : '');
  }

  function show() {
    button.hidden = false;
    button.setAttribute('aria-pressed', on ? 'true' : 'false');
    button.textContent = on ? 'Tự cập nhật mỗi ' + seconds + ' giây: bật' : 'Tự cập nhật: tắt';
  }

  function schedule() {
    clearTimeout(timer);
    if (on) timer = setTimeout(refresh, seconds * 1000);
  }

  function refresh() {
    var before = said();
    fetch(url, { cache: 'no-store', credentials: 'same-origin', headers: { Accept: 'text/html' } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null) return;
        var next = new DOMParser().parseFromString(html, 'text/html').getElementById('ve');
        // Unchanged (the forms' tokens aside): nothing swapped, so focus stays where the holder left it (verify35 N2).
        if (!next || next.textContent === box.textContent) return;
        // Changed: focus goes back to the control at the same place, if the new ticket still has one there.
        var active = document.activeElement;
        var at = active && box.contains(active) ? Array.prototype.indexOf.call(box.querySelectorAll(focusable), active) : -1;
        box.innerHTML = next.innerHTML;
        var same = at >= 0 ? box.querySelectorAll(focusable)[at] : null;
        if (same) same.focus();
        var now = said();
        if (now !== before) news.textContent = 'Đã cập nhật: ' + now + '.';
        // Razor writes data- attributes even when empty: an empty data-song is a ticket no longer followed.
        if (!next.getAttribute('data-song')) {
          on = false;
          controls.hidden = true;
        }
      })
      // A weak link drops a turn, not the page: the next turn tries again.
      .catch(function () { })
      .then(function () {
        // The turns read so far, on the ticket's box (which a swap keeps): what a test waits for.
        box.setAttribute('data-lan', String(++turns));
        schedule();
      });
  }

  button.addEventListener('click', function () {
    on = !on;
    show();
    if (on) refresh(); else clearTimeout(timer);
  });
  show();
  schedule();
})();
