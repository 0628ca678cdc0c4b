import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Page } from "playwright-core";
import { z } from "zod";
import { launchBrowser } from "../test/browser/chromium.ts";
import { sandboxUrls, seedDemo } from "./seed-demo.ts";

/**
 * `npm run screenshots`: a 1280×800 PNG of every dashboard page in docs/screenshots/, taken from a running hub
 * (`npm start` in another terminal). With sandboxes it first seeds demo activity so the pages have content.
 *
 *   SWITCHBOARD_URL  the hub (default http://127.0.0.1:3000)
 *   ADMIN_API_KEY    its admin key (default: DATA_DIR/admin-api-key, as `npm start` writes it)
 *   SEED=false       take the pages as they are
 */
const env = z
  .object({
    SWITCHBOARD_URL: z.string().url().default("http://127.0.0.1:3000"),
    ADMIN_API_KEY: z.string().optional(),
    DATA_DIR: z.string().default("./.switchboard"),
    SEED: z.enum(["true", "false"]).default("true"),
    OUT_DIR: z.string().default("docs/screenshots"),
  })
  .parse(process.env);

const hub = env.SWITCHBOARD_URL.replace(/\/$/, "");
const outDir = path.resolve(env.OUT_DIR);

async function adminKey(): Promise<string> {
  if (env.ADMIN_API_KEY) return env.ADMIN_API_KEY;
  const file = path.join(env.DATA_DIR, "admin-api-key");
  try {
    return (await readFile(file, "utf8")).trim();
  } catch {
    throw new Error(`no ADMIN_API_KEY given and ${file} is missing: start the hub with \`npm start\` first`);
  }
}

/** Waits until no spinner is left and the page has drawn its content. */
async function settle(page: Page): Promise<void> {
  // Not "networkidle": the live stream keeps a request open for as long as the page lives.
  await page.waitForLoadState("load");
  await page.locator(".spinner").first().waitFor({ state: "detached", timeout: 15_000 });
  // Let charts and fonts finish painting (screenshots only: nothing is asserted on time).
  await page.waitForTimeout(250);
}

async function shoot(page: Page, name: string): Promise<void> {
  await settle(page);
  const file = path.join(outDir, `${name}.png`);
  await page.screenshot({ path: file });
  process.stdout.write(`  ${path.relative(process.cwd(), file)}\n`);
}

async function visit(page: Page, route: string, name: string): Promise<void> {
  await page.goto(`${hub}${route}`);
  await shoot(page, name);
}

const PAUSE_MS = 8000;

async function main(): Promise<void> {
  const key = await adminKey();
  await mkdir(outDir, { recursive: true });
  const urls = env.SEED === "true" ? await sandboxUrls(hub, key) : {};
  const browser = await launchBrowser({ width: 1280, height: 800 });
  try {
    const page = await browser.context.newPage();
    process.stdout.write(`Screenshots of ${hub} into ${path.relative(process.cwd(), outDir)}/\n`);
    await page.goto(hub);
    await page.getByRole("tab", { name: "API key" }).click();
    await page.locator("input[name=apiKey]").fill(key);
    await shoot(page, "login");
    await page.getByRole("button", { name: "Sign in with API key" }).click();
    await page.getByRole("heading", { name: "Agent board" }).waitFor();

    // The stats page samples the board while it is open: seed the demo step by step in front of it, so the
    // availability chart has a history to draw.
    await page.goto(`${hub}/stats`);
    if (Object.keys(urls).length > 0) {
      await seedDemo(urls, {
        hub: { url: hub, key },
        log: (line) => process.stdout.write(`seed: ${line}\n`),
        pause: () => page.waitForTimeout(PAUSE_MS),
      });
      await page.waitForTimeout(PAUSE_MS);
    } else if (env.SEED === "true") {
      process.stdout.write("No sandbox connections: taking the pages as they are.\n");
    }
    await shoot(page, "stats");

    await visit(page, "/agents", "agents");
    await page.getByRole("button", { name: "Ada Lovelace" }).click();
    await page.getByRole("dialog").waitFor();
    await shoot(page, "agent-detail");
    await page.keyboard.press("Escape");

    await visit(page, "/conversations", "conversations");
    const firstChat = page.locator("[data-testid=conversation-row]").filter({ hasText: "Jane Cooper" }).first();
    if (await firstChat.count()) {
      await firstChat.click();
      await shoot(page, "conversation");
    }
    await visit(page, "/customers", "customers");
    const jane = page.locator("[data-testid=customer-row]").filter({ hasText: "Jane" }).first();
    if (await jane.count()) {
      await jane.click();
      await shoot(page, "customer-timeline");
    }
    await visit(page, "/sync-log", "sync-log");
    await visit(page, "/sync-log?status=dead", "sync-log-dead-letters");
    await visit(page, "/events", "webhook-events");
    await page.locator("[data-testid=event-row] .link-button").first().click();
    await page.getByRole("dialog").waitFor();
    await shoot(page, "webhook-event-detail");
    await visit(page, "/connections", "connections");
    await page.getByRole("button", { name: "New connection" }).click();
    await shoot(page, "connection-new");
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
