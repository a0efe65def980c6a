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
