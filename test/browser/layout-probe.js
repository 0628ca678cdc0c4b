/*
 * Runs inside the page (test/browser/layout.ts reads this file and evaluates it): layout faults a person sees.
 * Plain JavaScript, because the server's TypeScript project has no DOM types.
 */
(scopeSelector) => {
  const problems = [];
  const doc = document.scrollingElement ?? document.documentElement;
  if (doc.scrollWidth > window.innerWidth) {
    // Name the elements that stick out, so a failure says where to look.
    const widest = [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
      .filter((el) => !el.parentElement || el.parentElement.getBoundingClientRect().right <= window.innerWidth + 1)
      .slice(0, 5)
      .map(
        (el) =>
          `${el.tagName.toLowerCase()}.${[...el.classList].join(".")} → ${Math.round(el.getBoundingClientRect().right)}px`,
      );
    problems.push({ kind: "horizontal-scroll", scrollWidth: doc.scrollWidth, innerWidth: window.innerWidth, widest });
  }
  const root = document.querySelector(scopeSelector);
  if (!root) return problems;
  const boxes = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent?.trim() ?? "";
    const owner = node.parentElement;
    if (!text || !owner) continue;
    if (owner.closest(".visually-hidden, [hidden], [aria-hidden=true], option, script, style, title")) continue;
    const style = getComputedStyle(owner);
    if (style.visibility === "hidden" || style.display === "none" || Number(style.opacity) === 0) continue;
    // Every ancestor (the owner included) that clips its overflow limits where the text can be seen.
    let clip = { left: -1e9, top: -1e9, right: 1e9, bottom: 1e9 };
    for (let el = owner; el && el !== document.documentElement; el = el.parentElement) {
      const s = getComputedStyle(el);
      if (s.overflowX !== "visible" || s.overflowY !== "visible" || s.clipPath !== "none") {
        const r = el.getBoundingClientRect();
        clip = {
          left: Math.max(clip.left, r.left),
          top: Math.max(clip.top, r.top),
          right: Math.min(clip.right, r.right),
          bottom: Math.min(clip.bottom, r.bottom),
        };
      }
    }
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) {
      const box = {
        left: Math.max(r.left, clip.left),
        top: Math.max(r.top, clip.top),
        right: Math.min(r.right, clip.right),
        bottom: Math.min(r.bottom, clip.bottom),
      };
      if (box.right - box.left < 2 || box.bottom - box.top < 2) continue;
      boxes.push({
        ...box,
        owner,
        label: `${owner.tagName.toLowerCase()}.${[...owner.classList].join(".")} "${text.slice(0, 30)}"`,
      });
    }
  }
  // Glyph boxes include the line's leading: a few pixels of shared line box between stacked lines is not an overlap.
  const SLACK = 3;
  for (let i = 0; i < boxes.length; i++) {
    const a = boxes[i];
    if (!a) continue;
    for (let j = i + 1; j < boxes.length; j++) {
      const b = boxes[j];
      if (!b || a.owner === b.owner) continue;
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w > SLACK && h > SLACK) problems.push({ kind: "overlap", a: a.label, b: b.label, area: Math.round(w * h) });
    }
  }
  return problems.slice(0, 20);
};
