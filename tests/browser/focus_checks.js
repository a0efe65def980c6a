// WCAG 2.1 AA 2.4.7 and 1.4.11: every element in the tab order shows where the focus is, with an
// outline or ring of at least 3:1 against what it stands on. Run by tests/browser/accessibility.py
// after one Tab key press, so that focusing from script counts as keyboard focus (:focus-visible).
() => {
  const problems = [];
  const parse = (text) => {
    const m = (text || "").match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const parts = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return { r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1 };
  };
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a),
    g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a),
    a: 1,
  });
  const luminance = (c) => {
    const channel = (v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  };
  const contrast = (a, b) => {
    const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const backgroundBehind = (element) => {
    const layers = [];
    for (let node = element; node && node.nodeType === 1; node = node.parentElement) {
      const colour = parse(getComputedStyle(node).backgroundColor);
      if (colour && colour.a > 0) {
        layers.push(colour);
        if (colour.a === 1) break;
      }
    }
    let result = { r: 255, g: 255, b: 255, a: 1 };
    for (const layer of layers.reverse()) result = over(layer, result);
    return result;
  };
  const describe = (el) => {
    let text = el.tagName.toLowerCase();
    if (el.id) text += "#" + el.id;
    else if (el.getAttribute("name")) text += `[name="${el.getAttribute("name")}"]`;
    else if (el.classList.length) text += "." + [...el.classList].slice(0, 3).join(".");
    const label = (el.innerText || el.value || "").trim().replace(/\s+/g, " ").slice(0, 40);
    return label ? `${text} "${label}"` : text;
  };

  const focusable = document.querySelectorAll(
    "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]");
  for (const el of focusable) {
    if (el.disabled || el.tabIndex < 0 || !el.getClientRects().length) continue;
    if (getComputedStyle(el).visibility === "hidden") continue;
    el.focus();
    if (document.activeElement !== el) continue;
    const style = getComputedStyle(el);
    const outside = backgroundBehind(el.parentElement);
    let best = 0;
    const outlineWidth = parseFloat(style.outlineWidth);
    if (style.outlineStyle !== "none" && outlineWidth >= 2) {
      const inside = parseFloat(style.outlineOffset) < 0;
      const behind = inside ? backgroundBehind(el) : outside;
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
