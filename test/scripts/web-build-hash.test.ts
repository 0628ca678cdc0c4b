import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { dashboardInputHash, hashFiles, webSourceFiles } from "../../scripts/web-build-hash.ts";

let root: string;
const put = async (rel: string, text: string) => {
  await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
  await writeFile(path.join(root, rel), text);
};

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "switchboard-webhash-"));
  await put("web/index.html", "<div id=root></div>");
  await put("web/vite.config.ts", "export default {}");
  await put("web/src/main.tsx", "render()");
  await put("web/dist/index.html", "built");
  await put("web/node_modules/x/index.js", "dep");
  await put("package-lock.json", '{"lockfileVersion":3}');
  await put("tsconfig.json", "{}");
  await put("src/api/contracts.ts", "export const a = 1");
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("the dashboard's build hash", () => {
  it("lists web sources in sorted order, without web/dist or web/node_modules", async () => {
    expect(await webSourceFiles(root)).toEqual(["web/index.html", "web/src/main.tsx", "web/vite.config.ts"]);
  });

  it("is the same for the same tree and does not depend on the order files are named", async () => {
    const first = await dashboardInputHash(root, []);
    expect(await dashboardInputHash(root, [])).toBe(first);
    expect(await hashFiles(root, ["web/index.html", "tsconfig.json"])).toBe(
      await hashFiles(root, ["tsconfig.json", "web/index.html"]),
    );
  });

  it("ignores what the build writes into web/dist", async () => {
    const before = await dashboardInputHash(root, []);
    await put("web/dist/index.html", "built again");
    await put("web/dist/.build-stamp.json", "{}");
    expect(await dashboardInputHash(root, [])).toBe(before);
  });

  it.each([
    ["a source edit", () => put("web/src/main.tsx", "render(2)")],
    ["a new source file", () => put("web/src/page.tsx", "page")],
    ["the Vite config", () => put("web/vite.config.ts", "export default { base: '/x/' }")],
    ["the lockfile (a dependency upgrade)", () => put("package-lock.json", '{"lockfileVersion":3,"x":1}')],
    ["the TypeScript config", () => put("tsconfig.json", '{"compilerOptions":{}}')],
    [
      "a rename with the same content",
      () => rename(path.join(root, "web/src/main.tsx"), path.join(root, "web/src/app.tsx")),
    ],
    ["an emptied file", () => put("web/index.html", "")],
  ])("changes with %s", async (_name, change) => {
    const before = await dashboardInputHash(root, []);
    await change();
    expect(await dashboardInputHash(root, [])).not.toBe(before);
  });

  it("covers files outside web/ that the last build bundled, and tells a missing file from an empty one", async () => {
    const before = await dashboardInputHash(root, ["src/api/contracts.ts"]);
    await put("src/api/contracts.ts", "export const a = 2");
    expect(await dashboardInputHash(root, ["src/api/contracts.ts"])).not.toBe(before);
    await put("src/api/contracts.ts", "");
    const empty = await hashFiles(root, ["src/api/contracts.ts"]);
    await rm(path.join(root, "src/api/contracts.ts"));
    expect(await hashFiles(root, ["src/api/contracts.ts"])).not.toBe(empty);
  });
});
