// Small behaviours kept out of the markup, so the Content-Security-Policy can refuse inline code.
(function () {
  // <form data-confirm="Cancel this?"> (or a submit button with data-confirm) asks first.
  // Listening in the capture phase lets a "No" stop HTMX forms too, before HTMX sends them.
  document.addEventListener("submit", function (event) {
    const form = event.target;
    const submitter = event.submitter;
    const message = (submitter && submitter.dataset.confirm) || form.dataset.confirm;
    if (message && !window.confirm(message)) {
      event.preventDefault();
      event.stopPropagation();
    }
  }, true);

  // An error summary marked data-focus-on-load takes the focus, so screen readers read it first.
  function focusSummary() {
    const summary = document.querySelector("[data-focus-on-load]");
    if (summary) summary.focus();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusSummary);
  } else {
    focusSummary();
  }
})();
