// Issue 17 (docs/CITIZENS.md "The call screen's voice"): the call screen (/man-hinh-goi/{agency}) reads each new call
// aloud in Vietnamese ("Mời số A001 đến quầy 1") with the browser's own speech synthesis (no network voice), behind the
// toggle "Đọc số", off by default and remembered on this screen. Served from the app, so the Content-Security-Policy
// (script-src 'self') allows it. With script the page refreshes its two lists itself every 5 s instead of reloading:
// browsers let a page speak only after a press on it, and a reload would forget that press. Without script the
// <noscript> meta refresh keeps the screen as it was.
(function () {
  'use strict';
  var button = document.getElementById('doc-so');
  var note = document.getElementById('doc-so-ghi-chu');
  if (!button || !note) return;
  var synth = window.speechSynthesis;
  var stored = 'motcua-doc-so';
  var on = false;
  var last = newest();

  function newest() {
    var li = document.querySelector('#goi li');
    return li ? { key: li.getAttribute('data-so') + '@' + li.getAttribute('data-luc'), number: li.getAttribute('data-so'), counter: li.getAttribute('data-quay') } : null;
  }

  function vietnamese() {
    return synth.getVoices().some(function (v) { return /^vi([-_]|$)/i.test(v.lang); });
  }

  function show() {
    button.hidden = false;
    if (!synth || !vietnamese()) {
      button.disabled = true;
      button.setAttribute('aria-pressed', 'false');
      button.textContent = 'Đọc số: tắt';
      note.textContent = synth ? 'Trình duyệt này không có giọng đọc tiếng Việt: không đọc số được.' : 'Trình duyệt này không đọc được văn bản: không đọc số được.';
      return;
    }
    button.disabled = false;
    button.setAttribute('aria-pressed', on ? 'true' : 'false');
    button.textContent = on ? 'Đọc số: bật' : 'Đọc số: tắt';
    note.textContent = '';
  }

  function announce(call) {
    if (!on || !call) return;
    var utterance = new SpeechSynthesisUtterance('Mời số ' + call.number + ' đến quầy ' + call.counter);
    utterance.lang = 'vi-VN';
    utterance.onerror = function (e) {
      // A screen reloaded by hand has had no press yet: the browser refuses to speak until the toggle is pressed again.
      if (e.error !== 'not-allowed') return;
      on = false;
      show();
      note.textContent = 'Bấm “Đọc số” để bật lại giọng đọc.';
    };
    synth.speak(utterance);
  }

  function refresh() {
    fetch(location.href, { cache: 'no-store', credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, 'text/html');
        ['dang-goi-noi-dung', 'dang-cho-noi-dung'].forEach(function (id) {
          var now = document.getElementById(id);
          var next = fresh.getElementById(id);
          if (now && next) now.replaceWith(document.importNode(next, true));
        });
        var call = newest();
        if (call && (!last || call.key !== last.key)) announce(call);
        last = call;
      })
      .catch(function () { /* the next tick tries again; the screen keeps the last lists meanwhile */ });
  }

  button.addEventListener('click', function () {
    on = !on;
    localStorage.setItem(stored, on ? '1' : '0');
    show();
    // The press itself may speak: read the newest call so the staff hear the voice at once.
    announce(newest());
  });

  if (synth) {
    on = localStorage.getItem(stored) === '1';
    synth.addEventListener('voiceschanged', show);
  }
  show();
  setInterval(refresh, 5000);
})();
