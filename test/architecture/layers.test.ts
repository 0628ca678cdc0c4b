import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildImportGraph, type ImportGraph, importCycles, loadedBy } from "./import-graph.ts";

/**
 * The server's layers (docs/architecture.md): `api/` (routes) on top, assembled by `http/`, started by `main`/`cli`;
 * everything else is below and never imports upwards. The API's contract modules are schemas only (the dashboard
 * imports their types too): services may name those types, nothing more.
 */
const graph: ImportGraph = buildImportGraph("src");

const isTop = (file: string) => file.startsWith("src/api/") || file.startsWith("src/http/");
const isEntry = (file: string) => file === "src/main.ts" || file.startsWith("src/cli/");
const isContract = (file: string) => /^src\/api\/([\w-]+-)?contracts\.ts$/.test(file);

/** Modules that register the API's routes. The worker's health and metrics routes are its own listener's. */
const WORKER_ROUTES = new Set(["src/api/operations.ts"]);
const isRouteModule = (file: string) =>
  (file.startsWith("src/api/") && !isContract(file) && !WORKER_ROUTES.has(file)) ||
  file === "src/http/app.ts" ||
  /\/(route|routes(-[\w-]+)?)\.ts$/.test(file);

/** Every `from → to` import edge that breaks the layering. */
function climbs(g: ImportGraph): string[] {
  const found: string[] = [];
  for (const [from, edges] of g) {
    if (isTop(from) || isEntry(from)) continue;
    for (const edge of edges) {
      if (!isTop(edge.to)) continue;
      if (isContract(edge.to) && edge.typeOnly) continue;
      found.push(`${from} → ${edge.to}${edge.typeOnly ? " (types)" : ""}`);
    }
  }
  return found.sort();
}

describe("import layers", () => {
  it("parses the whole server", () => {
    // A parser that found nothing would make every check below pass.
    expect(graph.size).toBeGreaterThan(300);
    expect(graph.get("src/http/app.ts")?.some((e) => e.to === "src/api/connections.ts")).toBe(true);
    expect(graph.get("src/cli/serve.ts")?.some((e) => e.to === "src/http/app.ts" && e.dynamic)).toBe(true);
  });

  it("has no import cycle among files (type imports included)", () => {
    expect(importCycles(graph, () => true)).toEqual([]);
  });

  it("has no climb: nothing below api/ and http/ imports them (contract types aside)", () => {
    expect(climbs(graph)).toEqual([]);
  });

  it("keeps the contract modules at the bottom: schemas that import no route, service or HTTP code", () => {
    const contracts = [...graph.keys()].filter(isContract);
    expect(contracts).toContain("src/api/contracts.ts");
    const upward = contracts.flatMap((file) =>
      (graph.get(file) ?? []).filter((e) => isTop(e.to) && !isContract(e.to)).map((e) => `${file} → ${e.to}`),
    );
    expect(upward).toEqual([]);
  });

  it("the worker process loads no HTTP route module", () => {
    // `switchboard worker` runs main.ts → cli/serve.ts with http off; the API app is imported only for `serve`.
    const loaded = loadedBy(graph, "src/main.ts");
    expect(loaded).toContain("src/jobs/worker.ts");
    expect(loaded).toContain("src/sync/plugin.ts");
    expect([...loaded].filter(isRouteModule).sort()).toEqual([]);
  });
});

describe("test code stays out of src/", () => {
  it("no production file under src/ is a test kit, a stub server or imports a test library", () => {
    const testish = [...graph.keys()].filter(
      (file) =>
        /(^|[/-])(test-kit|test-loop|test-stub|stub-server|property-(world|run|actions))[\w-]*\.ts$/.test(file) ||
        /from "(vitest|fast-check)"/.test(readFileSync(file, "utf8")),
    );
    expect(testish).toEqual([]);
  });
});

describe("the checks themselves", () => {
  const edge = (to: string, typeOnly = false) => ({ to, typeOnly, dynamic: false });
  it("finds a cycle, including one through a type import", () => {
    const g: ImportGraph = new Map([
      ["a.ts", [edge("b.ts")]],
      ["b.ts", [edge("c.ts")]],
      ["c.ts", [edge("a.ts", true)]],
      ["d.ts", [edge("a.ts")]],
    ]);
    expect(importCycles(g, () => true)).toEqual([["a.ts", "b.ts", "c.ts"]]);
    expect(importCycles(g, (e) => !e.typeOnly)).toEqual([]);
  });

  it("finds a climb and lets contract types through", () => {
    const g: ImportGraph = new Map([
      ["src/sync/x.ts", [edge("src/api/contracts.ts", true), edge("src/http/errors.ts")]],
      ["src/chat/y.ts", [edge("src/api/chat-contracts.ts")]],
      ["src/cli/z.ts", [edge("src/api/users.ts")]],
    ]);
    expect(climbs(g)).toEqual(["src/chat/y.ts → src/api/chat-contracts.ts", "src/sync/x.ts → src/http/errors.ts"]);
  });

  it("does not follow dynamic or type imports when asking what a module loads", () => {
    const g: ImportGraph = new Map([
      ["m.ts", [edge("w.ts"), { to: "app.ts", typeOnly: false, dynamic: true }, edge("t.ts", true)]],
      ["w.ts", [edge("x.ts")]],
    ]);
    expect([...loadedBy(g, "m.ts")].sort()).toEqual(["m.ts", "w.ts", "x.ts"]);
  });
});
