import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";

/** Folders under web/ that are outputs or installs, not sources. */
const SKIPPED_DIRS = new Set(["dist", "node_modules"]);

/** Files outside web/ that change what Vite produces even when web/ does not. */
export const BUILD_INPUTS_OUTSIDE_WEB = ["package-lock.json", "tsconfig.json"];

/** Every file under `<root>/web` except outputs, as sorted repository-relative paths (forward slashes). */
export async function webSourceFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (relDir: string): Promise<void> => {
    const entries = await readdir(path.join(root, relDir), { withFileTypes: true });
    for (const entry of entries) {
      const rel = `${relDir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!(relDir === "web" && SKIPPED_DIRS.has(entry.name))) await walk(rel);
      } else if (entry.isFile()) {
        found.push(rel);
      }
    }
  };
  await walk("web");
  return found.sort();
}

/**
 * A content hash over files named relative to `root`: each file's path and bytes, in sorted path order, so the
 * same tree hashes the same on every machine. A missing file hashes as missing (the build must then run).
 */
export async function hashFiles(root: string, relPaths: string[]): Promise<string> {
  const hash = createHash("sha256");
  for (const rel of [...new Set(relPaths)].sort()) {
    const bytes = await readFile(path.join(root, rel)).catch(() => null);
    hash.update(`${rel}\0${bytes === null ? "missing" : bytes.length}\0`);
    if (bytes) hash.update(bytes);
  }
  return hash.digest("hex");
}

/**
 * Written into web/dist after a successful build. `imports` lists files outside web/ that the bundle pulled in
 * (e.g. shared API types turned into code), so a change there also triggers a rebuild.
 */
export const buildStampSchema = z.object({ hash: z.string(), imports: z.array(z.string()) });
export type BuildStamp = z.infer<typeof buildStampSchema>;

export const STAMP_FILE = "web/dist/.build-stamp.json";

/** The hash the dashboard build depends on: web/ sources, the lockfile and config, and the recorded imports. */
export async function dashboardInputHash(root: string, imports: string[]): Promise<string> {
  return hashFiles(root, [...(await webSourceFiles(root)), ...BUILD_INPUTS_OUTSIDE_WEB, ...imports]);
}

/** The stamp in web/dist, or null when there is none (never built, or emptied) or it is not ours. */
export async function readBuildStamp(root: string): Promise<BuildStamp | null> {
  try {
    const parsed = buildStampSchema.safeParse(JSON.parse(await readFile(path.join(root, STAMP_FILE), "utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
