import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { type BrowserContext, chromium } from "playwright-core";

/**
 * Debian's Chromium, driven by playwright-core (no browser download: the machines have no internet).
 * CHROMIUM_PATH, when set, is the only place looked at.
 */
export const CHROMIUM_CANDIDATES = process.env.CHROMIUM_PATH
  ? [process.env.CHROMIUM_PATH]
  : ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function findChromium(): string | null {
  return CHROMIUM_CANDIDATES.find((p) => existsSync(p)) ?? null;
}

export type Browser = { context: BrowserContext; close(): Promise<void> };

/** A fresh browser profile each time, so no cookie or storage leaks between runs. */
export async function launchBrowser(options: { width?: number; height?: number } = {}): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath)
    throw new Error(`no Chromium found (looked at ${CHROMIUM_CANDIDATES.join(", ")}; set CHROMIUM_PATH)`);
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), "switchboard-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: ARGS,
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
    deviceScaleFactor: 1,
    locale: "en-US",
    timezoneId: "UTC",
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Whether browser tests run here. Locally a missing Chromium skips them with a message; in CI (`CI=true`) it is
 * a failure, so a broken CI image cannot pass by skipping.
 */
export function browserTestsEnabled(): boolean {
  if (findChromium()) return true;
  const message = `no Chromium at ${CHROMIUM_CANDIDATES.join(" or ")} (install Debian's chromium or set CHROMIUM_PATH)`;
  if (process.env.CI === "true") throw new Error(`browser tests cannot run in CI: ${message}`);
  console.warn(`Skipping the dashboard's browser tests: ${message}.`);
  return false;
}
