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

// A table too wide for the screen scrolls in its own box: keyboard users reach that box with Tab
// and scroll it with the arrow keys; screen readers hear it as a region named by the caption
// (WCAG 2.1.1, 1.4.10). Checked again whenever the window changes size.
const markScrollBoxes = () => {
  document.querySelectorAll(".table-responsive").forEach((box) => {
    const scrolls = box.scrollWidth > box.clientWidth + 1;
    if (scrolls && !box.hasAttribute("tabindex")) {
      const caption = box.querySelector("caption");
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", caption ? caption.textContent.trim() : document.title);
      box.dataset.scrollBox = "";
    } else if (!scrolls && "scrollBox" in box.dataset) {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
      delete box.dataset.scrollBox;
    }
  });
};
document.addEventListener("DOMContentLoaded", markScrollBoxes);
window.addEventListener("resize", markScrollBoxes);

// A disclosure that stands beside what it explains on wide screens (data-open-from: the least
// width in pixels) opens there when the page loads; narrower it stays folded, one line above
// the form. Without JavaScript it stays folded and opens with a click or Enter, as any <details>.
document.querySelectorAll("details[data-open-from]").forEach((details) => {
  if (window.matchMedia(`(min-width: ${Number(details.dataset.openFrom)}px)`).matches) {
    details.open = true;
  }
});
