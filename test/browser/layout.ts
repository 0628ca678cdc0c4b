import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";

const PROBE = readFileSync(new URL("./layout-probe.js", import.meta.url), "utf8")
  .replace(/^\/\*[\s\S]*?\*\/\s*/, "")
  .replace(/;\s*$/, "");

/**
 * Layout faults a person sees, measured in the page: sideways scrolling of the document, and text drawn over
 * other text. Text is measured per rendered line (Range client rects), clipped to every ancestor that hides its
 * overflow, so an ellipsis or a scrolling table does not count; visually hidden text is skipped.
 */
export type LayoutProblem =
  | { kind: "horizontal-scroll"; scrollWidth: number; innerWidth: number; widest: string[] }
  | { kind: "overlap"; a: string; b: string; area: number };

export async function layoutProblems(page: Page, scope = "body"): Promise<LayoutProblem[]> {
  return page.evaluate(`(${PROBE})(${JSON.stringify(scope)})`) as Promise<LayoutProblem[]>;
}
