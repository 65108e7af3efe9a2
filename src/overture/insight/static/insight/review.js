// Review queue keys: J and K move between answers, Enter on an answer saves it.
(function () {
  "use strict";
  var queue = document.querySelector("[data-review-queue]");
  if (!queue) return;
  function cards() {
    return Array.prototype.slice.call(queue.querySelectorAll("[data-review-card]"));
  }
  function typing(target) {
    return /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(target.tagName) && target.type !== "checkbox";
  }
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
    var all = cards();
    var current = event.target.closest ? event.target.closest("[data-review-card]") : null;
    var index = all.indexOf(current);
    var key = event.key.toLowerCase();
    if (key === "j" || key === "k") {
      var next = all[key === "j" ? index + 1 : Math.max(index - 1, 0)];
      if (next) { next.focus(); event.preventDefault(); }
    } else if (event.key === "Enter" && current && event.target === current) {
      var form = current.querySelector("form");
      if (form) { form.requestSubmit(); event.preventDefault(); }
    }
  });
  // After a save the card is swapped: keep the keyboard on it, so J goes on from here.
  document.body.addEventListener("htmx:afterSwap", function (event) {
    var card = event.detail.target && document.getElementById(event.detail.target.id);
    if (card && card.hasAttribute("data-review-card")) card.focus();
  });
})();
