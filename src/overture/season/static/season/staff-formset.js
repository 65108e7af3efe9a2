// "Add another" for staff formsets: copies the formset's <template> row and bumps TOTAL_FORMS.
// Without JavaScript the page still works: it always shows blank rows, which are ignored when empty.
(function () {
  function addRow(prefix) {
    const total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    const template = document.getElementById(prefix + "-empty-form");
    const rows = document.getElementById(prefix + "-rows");
    if (!total || !template || !rows) return;
    const index = Number(total.value);
    rows.insertAdjacentHTML("beforeend", template.innerHTML.replaceAll("__prefix__", String(index)));
    total.value = String(index + 1);
    const first = rows.lastElementChild && rows.lastElementChild.querySelector("select, input:not([type=hidden]), textarea");
    if (first) first.focus();
  }
  document.querySelectorAll("[data-formset-add]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { addRow(button.dataset.formsetAdd); });
  });
})();
