// "Copy link" beside a read-only survey link; without script the field stays selectable.
// Its words come translated from the page: data-copied and data-copy-failed on the status.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy-link]").forEach(function (box) {
    var button = box.querySelector("[data-copy-target]");
    var status = box.querySelector("[data-copy-status]");
    if (!button || !navigator.clipboard) return;
    var field = document.getElementById(button.getAttribute("data-copy-target"));
    button.hidden = false;
    field.addEventListener("focus", function () { field.select(); });
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(
        function () { status.textContent = status.dataset.copied; },
        function () {
          field.select();
          status.textContent = status.dataset.copyFailed;
        }
      );
    });
  });
})();
