// The approval region answers a refused review (403, 409, 400) with the region itself, showing
// why. htmx does not swap 4xx answers by default; let regions marked data-swap-errors do so.
document.addEventListener("htmx:beforeSwap", (event) => {
  const status = event.detail.xhr.status;
  const target = event.detail.target;
  if (status >= 400 && status < 500 && target && target.closest("[data-swap-errors]")) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
