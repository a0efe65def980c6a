// Inline rows (Django formsets) made pleasant: "add a row" clones the formset's empty form from
// its <template>, and rows not yet saved can be taken out again. Progressive enhancement only:
// without JavaScript the page offers empty rows, delete checkboxes and "save and add rows".
(() => {
  const focusable = "input:not([type=hidden]), select, textarea";

  const setUp = (fieldset) => {
    const prefix = fieldset.dataset.formset;
    const total = fieldset.querySelector(`input[name="${prefix}-TOTAL_FORMS"]`);
    const max = fieldset.querySelector(`input[name="${prefix}-MAX_NUM_FORMS"]`);
    const template = fieldset.querySelector("template[data-formset-template]");
    const body = fieldset.querySelector("[data-formset-body]");
    const addButton = fieldset.querySelector("[data-formset-add]");
    if (!total || !template || !body || !addButton) {
      return;
    }
    addButton.hidden = false;
    body.querySelectorAll("[data-formset-remove]").forEach((button) => {
      button.hidden = false;
    });

    addButton.addEventListener("click", () => {
      const index = Number(total.value);
      if (max && index >= Number(max.value)) {
        return;
      }
      const holder = document.createElement("tbody");
      holder.innerHTML = template.innerHTML
        .replace(/__prefix__/g, String(index))
        .replace(/__row__/g, String(index + 1));
      const row = holder.querySelector("tr");
      if (!row) {
        return;
      }
      row.querySelectorAll("[data-formset-remove]").forEach((button) => {
        button.hidden = false;
      });
      body.appendChild(row);
      total.value = String(index + 1);
      const first = row.querySelector(focusable);
      if (first) {
        first.focus();
      }
    });

    // A row that was never saved can go: the server ignores a missing row like an empty one.
    body.addEventListener("click", (event) => {
      const button = event.target.closest("[data-formset-remove]");
      if (!button) {
        return;
      }
      const row = button.closest("tr");
      if (row) {
        row.remove();
        addButton.focus();
      }
    });
  };

  document.querySelectorAll("[data-formset]").forEach(setUp);
})();
