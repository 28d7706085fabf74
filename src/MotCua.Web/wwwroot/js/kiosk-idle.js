// Issue 17: the kiosk's idle return with a warning (WCAG 2.2.1 Timing Adjustable). After data-idle seconds without a
// touch or key the screen goes to /kiosk/ket-thuc (which signs any citizen out and goes home), so that the last
// person's session does not stay on a shared screen; data-warn seconds before, a visible warning with "Tiếp tục" gives
// the time back, as any touch does. A file of the app's own: the Content-Security-Policy allows no inline script.
(function () {
  var body = document.body;
  var dialog = document.getElementById('het-gio');
  var keep = document.getElementById('het-gio-tiep');
  var left = document.getElementById('het-gio-con');
  if (!dialog || !keep || !left) return;
  var idle = Number(body.getAttribute('data-idle')) || 120;
  var warn = Math.min(Number(body.getAttribute('data-warn')) || 20, idle);
  var end = body.getAttribute('data-end') || '/kiosk/ket-thuc';
  var timer = 0, ticker = 0, deadline = 0, before = null;

  function schedule() {
    clearTimeout(timer);
    clearInterval(ticker);
    if (!dialog.hidden) {
      dialog.hidden = true;
      // Focus goes back where it was before the warning took it.
      if (before && document.contains(before)) before.focus();
    }
    deadline = Date.now() + idle * 1000;
    timer = setTimeout(warnNow, (idle - warn) * 1000);
  }

  function tick() {
    var seconds = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
    left.textContent = String(seconds);
    if (seconds <= 0) {
      clearInterval(ticker);
      window.location.assign(end);
    }
  }

  function warnNow() {
    before = document.activeElement;
    dialog.hidden = false;
    keep.focus();
    tick();
    ticker = setInterval(tick, 1000);
  }

  ['pointerdown', 'keydown', 'input', 'wheel'].forEach(function (name) {
    document.addEventListener(name, function (e) {
      // A touch on the warning's own button is handled by its click.
      if (!dialog.hidden && dialog.contains(e.target)) return;
      schedule();
    }, { capture: true, passive: true });
  });
  keep.addEventListener('click', schedule);
  schedule();
})();
