// The portfolio's people filters as comboboxes with suggestions (tom-select), fed by the
// autocomplete view (projects:people). Progressive enhancement: without this script the
// field is a text field whose words are looked up in the names (projects/portfolio/filters.py).
document.addEventListener("DOMContentLoaded", () => {
  if (typeof window.TomSelect !== "function") {
    return;
  }
  const escapeHtml = (text) =>
    String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  document.querySelectorAll("input.people-search").forEach((input) => {
    const data = input.dataset;
    const options = [];
    const items = [];
    if (data.person) {
      // A person chosen before: the field shows the name, the form sends the key.
      options.push({ value: data.person, text: input.value });
      items.push(data.person);
      input.value = data.person;
    } else if (input.value.trim()) {
      // Words typed without a choice: kept as they are.
      options.push({ value: input.value.trim(), text: input.value.trim() });
      items.push(input.value.trim());
    }
    const combobox = new window.TomSelect(input, {
      maxItems: 1,
      delimiter: "\u0000",
      valueField: "value",
      labelField: "text",
      searchField: ["text"],
      options,
      items,
      // Typed words that match no suggestion still filter, by name, as without JavaScript.
      create: true,
      createOnBlur: true,
      persist: false,
      preload: "focus",
      loadThrottle: 250,
      load(term, callback) {
        const url = new URL(data.peopleUrl, window.location.href);
        url.searchParams.set("rol", data.peopleRole);
        url.searchParams.set("q", term);
        fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
          .then((reply) => (reply.ok ? reply.json() : { results: [] }))
          .then((json) => {
            // Suggestions that arrive after a choice was made (a slow reply to the words
            // typed before it) must not open the list again over the rest of the form:
            // a locked combobox takes the options but does not open.
            const late = combobox.isFull() && !combobox.inputValue();
            if (late) combobox.lock();
            callback(json.results);
            if (late) combobox.unlock();
          })
          .catch(() => callback());
      },
      render: {
        option_create: (item, escape) =>
          `<div class="create">${escapeHtml(data.textSearch)} <strong>${escape(item.input)}</strong></div>`,
        no_results: () => `<div class="no-results">${escapeHtml(data.textNoResults)}</div>`,
        loading: () => `<div class="spinner">${escapeHtml(data.textLoading)}</div>`,
      },
    });
    // The combobox now carries the label; the original field stays only to be submitted.
    const label = document.querySelector(`label[for="${combobox.control_input.id}"]`);
    if (label) {
      input.setAttribute("aria-labelledby", label.id);
    }
    input.setAttribute("aria-hidden", "true");
  });
});
