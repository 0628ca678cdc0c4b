// Builds the dashboard (web/ → web/dist) unless web/dist was built from exactly the current sources.
// `npm start` runs it before every start (a no-op when nothing changed); `npm run build:web` forces a build.
//   node scripts/build-web.ts [--force]
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Rollup, build as viteBuild } from "vite";
import { dashboardInputHash, readBuildStamp, STAMP_FILE } from "./web-build-hash.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const force = process.argv.includes("--force");

const stamp = await readBuildStamp(root);
if (!force && stamp && stamp.hash === (await dashboardInputHash(root, stamp.imports))) {
  console.log(`dashboard up to date (web/dist built from these sources: ${stamp.hash.slice(0, 12)})`);
} else {
  await rm(path.join(root, STAMP_FILE), { force: true });
  // Loaded only when a build is due: the up-to-date path stays quick.
  const { build } = await import("vite");
  const output = await build({ configFile: path.join(root, "web/vite.config.ts"), logLevel: "warn" });
  const imports = bundledFilesOutsideWeb(output);
  const hash = await dashboardInputHash(root, imports);
  await writeFile(path.join(root, STAMP_FILE), `${JSON.stringify({ hash, imports }, null, 2)}\n`);
  console.log(`dashboard built into web/dist (${hash.slice(0, 12)})`);
}

/** Repository files outside web/ (and outside node_modules) that ended up in the bundle. */
function bundledFilesOutsideWeb(output: Awaited<ReturnType<typeof viteBuild>>): string[] {
  const outputs = (Array.isArray(output) ? output : [output]).filter(
    (o): o is Rollup.RollupOutput => typeof o === "object" && o !== null && "output" in o,
  );
  const files = new Set<string>();
  for (const chunk of outputs.flatMap((o) => o.output)) {
    if (chunk.type !== "chunk") continue;
    for (const id of Object.keys(chunk.modules)) {
      const rel = path
        .relative(root, id.split("?")[0] ?? id)
        .split(path.sep)
        .join("/");
      if (rel.startsWith("..") || path.isAbsolute(rel) || rel.startsWith("web/") || rel.includes("node_modules/"))
        continue;
      if (!rel.startsWith("\0")) files.add(rel);
    }
  }
  return [...files].sort();
}
