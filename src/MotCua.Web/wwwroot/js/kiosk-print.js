// Issue 17, piece E: the kiosk prints the ticket just taken (/kiosk/lay-so), once the page has loaded. A file of the
// app's own, so the Content-Security-Policy (script-src 'self') allows it; the kiosk runs Chromium with
// --kiosk-printing, so no dialog is shown.
window.addEventListener('load', function () { window.print(); });
