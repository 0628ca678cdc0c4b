import { existsSync } from "node:fs";
import { join } from "node:path";

/**
 * The platform documents and vendor specs (`../shared` in this workspace). Tests that read them skip with this
 * message when a clone lives elsewhere; CI (.ci/run) requires them. SWITCHBOARD_SHARED_DIR overrides the search.
 */
const candidates = [process.env.SWITCHBOARD_SHARED_DIR, join(import.meta.dirname, "../../../shared")];
export const SHARED_DIR: string | undefined = candidates.find((d): d is string => !!d && existsSync(join(d, "specs")));
export const SHARED_MISSING =
  "skipped: the vendor specs (../shared/specs) are not next to this clone — set SWITCHBOARD_SHARED_DIR to run the contract tests";
export const sharedPath = (...parts: string[]): string => join(SHARED_DIR ?? "/nonexistent-shared", ...parts);
