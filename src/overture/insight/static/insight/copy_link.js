// "Copy link" beside a read-only survey link; without script the field stays selectable.
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
        function () { status.textContent = "Copied: the link is ready to paste."; },
        function () {
          field.select();
          status.textContent = "Could not copy: the link is selected, press Ctrl+C to copy it.";
        }
      );
    });
  });
})();
