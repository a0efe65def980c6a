// Report pages: progressive enhancement only; without JavaScript every page works (a reload
// shows whether a version is ready).
//
// 1. Say that the PDF is being asked for while the form is sent.
//    (static/js/app.js already disables the pressed button against double submission.)
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

// 2. While a version waits for the background worker or is being made, ask the server how it
//    stands (every few seconds, less often as time passes) and reload the page once it is
//    ready or failed, so the list shows its download link or the reason.
(() => {
  const panel = document.getElementById("report-progress");
  if (!panel || !panel.dataset.statusUrl) {
    return;
  }
  const text = panel.querySelector(".report-progress-text");
  const startedAt = Date.now();
  const giveUpAfter = 60 * 60 * 1000; // an hour; a reload starts again
  let delay = 2000;

  const ask = () => {
    fetch(panel.dataset.statusUrl, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
      .then((status) => {
        if (!status.pending) {
          window.location.reload();
          return;
        }
        if (text && status.text && text.textContent !== status.text) {
          text.textContent = status.text;
        }
        schedule();
      })
      .catch(schedule);
  };

  const schedule = () => {
    if (Date.now() - startedAt > giveUpAfter) {
      return;
    }
    window.setTimeout(ask, delay);
    delay = Math.min(delay * 1.5, 10000);
  };

  schedule();
})();
