import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * A clone works wherever it is put: no tracked file names a folder of one machine (a home, a workspace, a temp
 * folder). The vendor specs are found at ../shared or through SWITCHBOARD_SHARED_DIR; temp folders come from
 * os.tmpdir() / mktemp -t. Container paths (Dockerfile, docker-compose.yml) are the image's own and fine.
 */
const ROOT = path.resolve(import.meta.dirname, "..");
// An absolute path starting a word (not a URL's path); spelled in pieces so this file does not match itself.
const MACHINE_PATH = new RegExp(`(^|[\\s"'\`(=,:])/(${["work", "root", "home", "Users", "tmp"].join("|")})/`);
const SKIPPED = new Set(["package-lock.json"]);

function trackedFiles(): string[] | null {
  try {
    return execFileSync("git", ["ls-files", "-z"], { cwd: ROOT, encoding: "utf8" }).split("\0").filter(Boolean);
  } catch {
    return null; // not a git checkout (an unpacked archive): nothing to compare against
  }
}

describe("the repository is portable", () => {
  const files = trackedFiles();
  it.skipIf(files === null)("names no machine-specific absolute path in any tracked file", () => {
    const found: string[] = [];
    for (const file of files ?? []) {
      if (SKIPPED.has(file)) continue;
      let text: string;
      try {
        text = readFileSync(path.join(ROOT, file), "utf8");
      } catch {
        continue; // deleted in the working tree
      }
      text.split("\n").forEach((line, i) => {
        if (MACHINE_PATH.test(line)) found.push(`${file}:${i + 1}: ${line.trim().slice(0, 160)}`);
      });
    }
    expect(found).toEqual([]);
  });
});
