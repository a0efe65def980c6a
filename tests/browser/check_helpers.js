// What page_checks.js and focus_checks.js share: colours as the browser computes them, their
// contrast (WCAG 2.1 relative luminance), the colour an element stands on, and a short name
// of an element for the messages. Not a function of its own: tests/browser/accessibility.py
// puts these statements in front of each check, inside one function, so both see them.
const parse = (text) => {
  const m = (text || "").match(/rgba?\(([^)]+)\)/);
  if (!m) return null;
  const parts = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
  return { r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1 };
};
// A colour with transparency laid over an opaque one.
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
// The colour an element stands on: its ancestors' backgrounds, composed, over white.
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
