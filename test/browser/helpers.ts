import { mkdir, rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { build } from "vite";
import { expect } from "vitest";
import type { TestHub } from "../helpers/hub.ts";

const BUILD_LOCK = fileURLToPath(new URL("../../web/.build-lock", import.meta.url));

/**
 * Builds the dashboard into web/dist as `npm run build:web` does, once per test file. Browser test files run in
 * parallel and share web/dist: a lock (an atomic mkdir) serialises the builds, and web/dist is not emptied first,
 * so a page another file is loading never loses its assets (the same sources give the same hashed names).
 */
export async function buildDashboard(): Promise<void> {
  for (let tries = 0; ; tries++) {
    try {
      await mkdir(BUILD_LOCK);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || tries > 1200) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  try {
    await build({
      configFile: fileURLToPath(new URL("../../web/vite.config.ts", import.meta.url)),
      logLevel: "warn",
      build: { emptyOutDir: false },
    });
  } finally {
    await rm(BUILD_LOCK, { recursive: true, force: true });
  }
}

export async function post(url: string, body: unknown): Promise<unknown> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${url} answered ${res.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

/** Signs in through the login page's API-key tab, as a person would. */
export async function signInWithKey(page: Page, hubUrl: string, key: string): Promise<void> {
  await page.goto(hubUrl);
  await page.getByRole("tab", { name: "API key" }).click();
  await page.locator("input[name=apiKey]").fill(key);
  await page.getByRole("button", { name: "Sign in with API key" }).click();
  await page.getByRole("heading", { name: "Agent board" }).waitFor();
}

/** The agent board row of one agent, found by email. */
export const agentRow = (page: Page, email: string) => page.locator(`[data-testid=agent-row][data-email="${email}"]`);

/** Waits (without asserting on time) until no loading spinner is left on the page. */
export async function loaded(page: Page): Promise<void> {
  await page.locator(".spinner").first().waitFor({ state: "detached", timeout: 20_000 });
}

/** Answers a route the way the hub answers routes it does not have, to show the dashboard on an older hub. */
export async function routeMissing(page: Page, path: string): Promise<void> {
  await page.route(`**${path}*`, (route) =>
    route.fulfill({
      status: 404,
      contentType: "application/json",
      body: JSON.stringify({ error: { code: "not_found", message: `no route GET ${path}`, requestId: "test" } }),
    }),
  );
}

type AgentView = { id: string; email: string | null; engagements: Array<{ status?: string }> };
type CommandView = { id: string; kind: string; status: string };

/**
 * Waits until the agent's call is answered and every command of `kind` for them has settled as a dead letter
 * (the engine may try more than once while the platform refuses), and returns the newest one.
 */
export async function settledDeadLetter(hub: TestHub, email: string, kind: string): Promise<CommandView> {
  const wait = { timeout: 20_000, interval: 100 };
  const agent = async () =>
    ((await hub.api("GET", "/api/agents")).body as { items: AgentView[] }).items.find((a) => a.email === email);
  await expect.poll(async () => (await agent())?.engagements[0]?.status, wait).toBe("Answered");
  const agentId = (await agent())?.id ?? "";
  const commands = async () =>
    ((await hub.api("GET", `/api/commands?agentId=${agentId}`)).body as { items: CommandView[] }).items.filter(
      (c) => c.kind === kind,
    );
  // Newest first: the latest decision is dead and nothing is still on its way (earlier writes, e.g. the initial
  // state set when the workspace was connected, may have succeeded).
  await expect
    .poll(async () => {
      const list = await commands();
      return list[0]?.status === "dead" && list.every((c) => !["pending", "running", "failed"].includes(c.status));
    }, wait)
    .toBe(true);
  const [newest] = await commands();
  if (!newest) throw new Error(`no ${kind} command for ${email}`);
  return newest;
}
