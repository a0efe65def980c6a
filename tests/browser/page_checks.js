// What axe does not measure (WCAG 2.1 AA 1.4.10, 1.4.11, 2.4.7, 1.3.1), on the page as shown.
// Run by tests/browser/accessibility.py through page.evaluate; returns a list of problems.
// The colour helpers and describe() come from check_helpers.js, which accessibility.py puts
// in front.
(wide) => {
  const problems = [];
  const main = document.querySelector("main") || document.body;

  // --- Helpers --------------------------------------------------------------------------------
  const fmt = (n) => n.toFixed(2);
  const hidden = (el) => {
    if (!el.getClientRects().length) return true;
    const style = getComputedStyle(el);
    if (style.visibility === "hidden") return true;
    const rect = el.getBoundingClientRect();
    return rect.width <= 1 && rect.height <= 1; // .visually-hidden
  };
  const inVisuallyHidden = (el) => !!el.closest(".visually-hidden, .visually-hidden-focusable:not(:focus)");
  const scrollsSideways = (el) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX);

  // --- 1.4.10 Reflow: the page fits; nothing is cut off by its container ----------------------
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth) {
    problems.push(`reflow: the page is ${root.scrollWidth}px wide in a ${root.clientWidth}px window`);
  }
  const mainBox = main.getBoundingClientRect();
  const containers = [...main.querySelectorAll(".card, .alert")];
  const reported = [];  // an element that sticks out: its descendants are not named again
  for (const el of main.querySelectorAll("*")) {
    if (reported.some((outer) => outer.contains(el))) continue;
    if (hidden(el) || inVisuallyHidden(el) || el.closest("svg") && el.tagName !== "svg") continue;
    const style = getComputedStyle(el);
    // A box that scrolls: on a desktop screen its content must fit (nothing hidden to scroll to);
    // on a small one it must be reachable by keyboard, to scroll with the arrow keys (2.1.1).
    if (scrollsSideways(el) && el.scrollWidth > el.clientWidth + 1) {
      if (wide) {
        problems.push(`cut off: ${describe(el)} hides ${el.scrollWidth - el.clientWidth}px at the right`);
      } else if (el.tabIndex < 0) {
        problems.push(`keyboard: ${describe(el)} scrolls sideways but takes no focus`);
      }
    }
    // A box that clips: its content must fit, always (a truncated select, an ellipsis).
    // (A text field scrolls its own text as one types; that is not cut off.)
    if (["hidden", "clip"].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1
        && !["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName)) {
      problems.push(`cut off: ${describe(el)} clips ${el.scrollWidth - el.clientWidth}px`);
    }
    // A select shows its choice whole on a desktop screen (at 320 px a long one may not fit).
    if (wide && el.tagName === "SELECT" && el.selectedOptions.length) {
      const canvas = (window.__measure ||= document.createElement("canvas")).getContext("2d");
      canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const text = el.selectedOptions[0].textContent.trim();
      const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      if (canvas.measureText(text).width > room + 1) {
        problems.push(`cut off: ${describe(el)} shows only part of "${text}"`);
      }
    }
    // Outside a scroll box, nothing reaches past the main content or its card.
    const scroller = el.parentElement && el.parentElement.closest("main *") &&
      [...ancestorsUpTo(el.parentElement, main)].find(scrollsSideways);
    if (scroller) continue;
    const rect = el.getBoundingClientRect();
    if (rect.right > mainBox.right + 1 || rect.left < mainBox.left - 1) {
      reported.push(el);
      problems.push(`sticks out: ${describe(el)} spans ${Math.round(rect.left)}-${Math.round(rect.right)}px, main ${Math.round(mainBox.left)}-${Math.round(mainBox.right)}px`);
      continue;
    }
    const card = el.parentElement && el.parentElement.closest(".card, .alert");
    if (card && containers.includes(card)) {
      const box = card.getBoundingClientRect();
      if (rect.right > box.right + 1 || rect.left < box.left - 1) {
        reported.push(el);
        problems.push(`sticks out: ${describe(el)} reaches past its ${describe(card).split(" ")[0]}`);
      }
    }
  }
  function* ancestorsUpTo(el, stop) {
    for (let node = el; node && node !== stop; node = node.parentElement) yield node;
  }

  // --- 1.3.1 / 4.1.2: every ARIA id reference points at an element that exists ---------------
  const references = ["aria-describedby", "aria-labelledby", "aria-controls", "aria-owns",
    "aria-errormessage", "aria-details", "aria-activedescendant"];
  for (const name of references) {
    for (const el of document.querySelectorAll(`[${name}]`)) {
      for (const id of el.getAttribute(name).split(/\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) {
          problems.push(`${name}: ${describe(el)} points at #${id}, which does not exist`);
        }
      }
    }
  }
  for (const label of document.querySelectorAll("label[for]")) {
    if (!document.getElementById(label.htmlFor)) {
      problems.push(`label for="${label.htmlFor}" points at nothing`);
    }
  }

  // --- 1.4.11: the border of every form control stands out from what is around it -----------
  const controls = document.querySelectorAll(
    "input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=reset]):not([type=image]), select, textarea");
  for (const control of controls) {
    if (hidden(control) || control.closest(".visually-hidden, .ts-hidden-accessible")) continue;
    // tom-select (the portfolio's people filters) hides the original input and draws the
    // visible box (its wrapper) around its own search input: the control a user sees.
    const el = control.closest(".ts-wrapper") || control;
    const style = getComputedStyle(el);
    const around = backgroundBehind(el.parentElement);
    const widths = ["Top", "Right", "Bottom", "Left"].map((s) => parseFloat(style[`border${s}Width`]));
    let ratio;
    if (Math.min(...widths) >= 1 && style.borderTopStyle !== "none") {
      const border = parse(style.borderTopColor);
      ratio = contrast(over(border, around), around);
    } else {
      ratio = contrast(backgroundBehind(el), around);
    }
    if (ratio < 3) {
      problems.push(`control border: ${describe(el)} ${fmt(ratio)}:1 against its background`);
    }
  }
  return problems;
}
