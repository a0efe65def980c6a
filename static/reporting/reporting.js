// Report pages: say that the PDF is being made while the server renders it.
// (static/js/app.js already disables the pressed button against double submission.)
document.addEventListener("submit", (event) => {
  const form = event.target;
  const targetId = form.dataset.busyTarget;
  if (!targetId || event.defaultPrevented) {
    return;
  }
  const busy = document.getElementById(targetId);
  if (busy) {
    busy.hidden = false;
  }
  form.setAttribute("aria-busy", "true");
});
