// WCAG 2.1 AA 2.4.7 and 1.4.11: every element in the tab order shows where the focus is, with an
// outline or ring of at least 3:1 against what it stands on. Run by tests/browser/accessibility.py
// after one Tab key press, so that focusing from script counts as keyboard focus (:focus-visible).
// The colour helpers and describe() come from check_helpers.js, which accessibility.py puts
// in front.
() => {
  const problems = [];
  const focusable = document.querySelectorAll(
    "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]");
  for (const el of focusable) {
    if (el.disabled || el.tabIndex < 0 || !el.getClientRects().length) continue;
    if (getComputedStyle(el).visibility === "hidden") continue;
    el.focus();
    if (document.activeElement !== el) continue;
    // tom-select shows the focus on the box around its search input (.ts-wrapper).
    const shown = el.closest(".ts-wrapper") || el;
    const style = getComputedStyle(shown);
    const outside = backgroundBehind(shown.parentElement);
    let best = 0;
    const outlineWidth = parseFloat(style.outlineWidth);
    if (style.outlineStyle !== "none" && outlineWidth >= 2) {
      const inside = parseFloat(style.outlineOffset) < 0;
      const behind = inside ? backgroundBehind(shown) : outside;
      const colour = parse(style.outlineColor);
      if (colour) best = Math.max(best, contrast(over(colour, behind), behind));
    }
    // A ring drawn with box-shadow (Bootstrap's): its colour over what is around the element.
    for (const shadow of style.boxShadow.split(/,(?![^(]*\))/)) {
      const colour = parse(shadow);
      const lengths = shadow.replace(/rgba?\([^)]*\)/, "").trim().split(/\s+/).map(parseFloat);
      if (!colour || shadow.includes("inset") || lengths.length < 4 || lengths[3] < 2) continue;
      best = Math.max(best, contrast(over(colour, outside), outside));
    }
    if (best < 3) {
      problems.push(`focus: ${describe(el)} shows its focus at ${best.toFixed(2)}:1`);
    }
  }
  if (document.activeElement) document.activeElement.blur();
  return problems;
}
