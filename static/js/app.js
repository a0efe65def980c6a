// Progressive enhancement only: every page works without JavaScript.
document.addEventListener("submit", (event) => {
  const form = event.target;
  // Ask before destructive actions; the server asks again where JavaScript is off.
  const question = form.dataset.confirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
    return;
  }
  // Show that work is under way and prevent double submission.
  const button = event.submitter;
  if (button && !form.dataset.noBusy) {
    window.setTimeout(() => {
      button.disabled = true;
      button.setAttribute("aria-busy", "true");
    }, 0);
  }
});
// After a refused submission the page opens on its error summary: move the focus there, so
// that keyboard and screen reader users start at the list of what to fix (WCAG 3.3.1).
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.getElementById("form-errors");
  if (summary) {
    summary.focus();
  }
});
