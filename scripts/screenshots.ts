import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Page } from "playwright-core";
import { z } from "zod";
import { launchBrowser } from "../test/browser/chromium.ts";
import { sandboxUrls, seedDemo } from "./seed-demo.ts";

/**
 * `npm run screenshots`: a PNG of every dashboard page in docs/screenshots/ at a laptop's width (1440×900,
 * `<page>.png`) and a phone's (390×844, `<page>-390.png`), taken from a running hub (`npm start` in another
 * terminal). With sandboxes it first seeds demo activity so the pages have content.
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

/** The phone's screenshots carry the width in their name; the laptop's keep the plain names the README uses. */
type Width = { width: number; height: number; suffix: string };
const WIDTHS: Width[] = [
  { width: 1440, height: 900, suffix: "" },
  { width: 390, height: 844, suffix: "-390" },
];

async function shoot(page: Page, name: string, size: Width): Promise<void> {
  await settle(page);
  const file = path.join(outDir, `${name}${size.suffix}.png`);
  await page.screenshot({ path: file });
  process.stdout.write(`  ${path.relative(process.cwd(), file)}\n`);
}

const PAUSE_MS = 8000;

/** Every page once, at one width; the data is the same for both widths. */
async function tour(page: Page, key: string, size: Width): Promise<void> {
  const visit = async (route: string, name: string) => {
    await page.goto(`${hub}${route}`);
    await shoot(page, name, size);
  };
  await page.setViewportSize({ width: size.width, height: size.height });
  await page.goto(hub);
  await page.getByRole("tab", { name: "API key" }).click();
  await page.locator("input[name=apiKey]").fill(key);
  await shoot(page, "login", size);
  await page.getByRole("button", { name: "Sign in with API key" }).click();
  await page.getByRole("heading", { name: "Agent board" }).waitFor();

  await visit("/stats", "stats");
  await visit("/agents", "agents");
  await page.getByRole("button", { name: "Ada Lovelace" }).click();
  await page.getByRole("dialog").waitFor();
  await shoot(page, "agent-detail", size);
  await page.keyboard.press("Escape");

  await visit("/conversations", "conversations");
  const firstChat = page.locator("[data-testid=conversation-row]").filter({ hasText: "Jane Cooper" }).first();
  if (await firstChat.count()) {
    await firstChat.click();
    await shoot(page, "conversation", size);
  }
  const recorded = await firstRecordedCall(key);
  if (recorded) await visit(`/conversations/${recorded}`, "call");
  await visit("/customers", "customers");
  const jane = page.locator("[data-testid=customer-row]").filter({ hasText: "Jane" }).first();
  if (await jane.count()) {
    await jane.click();
    await shoot(page, "customer-timeline", size);
  }
  await visit("/sync-log", "sync-log");
  await visit("/sync-log?status=dead", "sync-log-dead-letters");
  await visit("/events", "webhook-events");
  await page.locator("[data-testid=event-row] .link-button").first().click();
  await page.getByRole("dialog").waitFor();
  await shoot(page, "webhook-event-detail", size);
  await visit("/connections", "connections");
  await page.getByRole("button", { name: "New connection" }).click();
  await shoot(page, "connection-new", size);
  // Sign out, so the next width starts at the login page again.
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("tab", { name: "API key" }).waitFor();
}

const callList = z.object({
  items: z.array(
    z.object({ id: z.string(), channel: z.string(), call: z.object({ recording: z.unknown() }).nullable() }),
  ),
});

/** A finished call whose recording RingCentral has published, for the call page. */
async function firstRecordedCall(key: string): Promise<string | null> {
  const res = await fetch(`${hub}/api/conversations?limit=100`, { headers: { authorization: `Bearer ${key}` } });
  if (!res.ok) return null;
  const calls = callList.parse(await res.json()).items.filter((c) => c.channel === "call" && c.call?.recording);
  return calls[0]?.id ?? null;
}

async function main(): Promise<void> {
  const key = await adminKey();
  await mkdir(outDir, { recursive: true });
  const urls = env.SEED === "true" ? await sandboxUrls(hub, key) : {};
  const browser = await launchBrowser({ width: 1440, height: 900 });
  try {
    const page = await browser.context.newPage();
    process.stdout.write(`Screenshots of ${hub} into ${path.relative(process.cwd(), outDir)}/\n`);
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
    for (const size of WIDTHS) await tour(page, key, size);
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
