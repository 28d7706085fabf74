// A refusal of an action comes back as 403, 409 or 422 with the page and its message: inside an element marked
// data-swap-refusals it is swapped in like a success. A listener in a file, not an hx-on attribute: htmx evaluates
// those with Function(), which the Content-Security-Policy forbids.
document.addEventListener("htmx:beforeSwap", function (event) {
  var status = event.detail.xhr.status;
  if (status >= 400 && status < 500 && status !== 404 && event.detail.target.closest("[data-swap-refusals]")) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
