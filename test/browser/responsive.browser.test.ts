import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../helpers/hub.ts";
import { type Browser, browserTestsEnabled, launchBrowser } from "./chromium.ts";
import { buildDashboard, loaded, post, signInWithKey } from "./helpers.ts";
import { layoutProblems } from "./layout.ts";

/**
 * Every dashboard page at a phone's width (390 px) and a desktop's (1440 px), with real content from the
 * sandboxes: the page never scrolls sideways and no text is drawn over other text. Also what a phone needs
 * beyond that: the sidebar folds into a menu, the board shows one card per agent with every platform visible.
 */
const enabled = browserTestsEnabled();
const WAIT = { timeout: 20_000, interval: 100 };
const TEST_TIMEOUT = 120_000;
const WIDTHS = [390, 1440] as const;

/** Waits for a state (beforeAll cannot use expect.poll); never asserts on how long it took. */
async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

type Conversation = { id: string; channel: string; customerId: string | null; call: { recording: unknown } | null };

describe.skipIf(!enabled)("responsive layout (browser)", () => {
  let hub: TestHub;
  let browser: Browser;
  let call: Conversation;
  let chat: Conversation;

  beforeAll(async () => {
    [hub] = await Promise.all([
      startTestHub({ worker: true, sandboxes: true, env: { RECONCILE_INTERVAL_SECONDS: "3600" } }),
      buildDashboard(),
    ]);
    const s = hub.sandboxes;
    if (!s) throw new Error("sandboxes did not start");
    // Content for every page: a chat with a named customer, and a finished call whose recording is published.
    await post(`${s.livechat.url}/_sim/chats`, {
      agentId: "ada@switchboard.demo",
      customer: { name: "Jane Cooper", email: "jane.cooper@example.com", phone: "+14155550199" },
      message: "My order arrived damaged, can I get a replacement sent this week?",
    });
    const started = (await post(`${s.ringcentral.url}/_sim/calls`, {
      extensionId: "102",
      direction: "Inbound",
      from: "+14155550198",
      to: "+16505551002",
    })) as { telephonySessionId: string };
    const conversations = async () =>
      ((await hub.api("GET", "/api/conversations?limit=50")).body as { items: Conversation[] }).items;
    await until(async () => (await conversations()).some((c) => c.channel === "call"), 20_000);
    await post(`${s.ringcentral.url}/_sim/calls/${started.telephonySessionId}/end`, {});
    // RingCentral publishes the call log (with the recording) some seconds after the call.
    await until(async () => (await conversations()).some((c) => c.channel === "call" && c.call?.recording), 90_000);
    const all = await conversations();
    const found = {
      call: all.find((c) => c.channel === "call" && c.call?.recording),
      chat: all.find((c) => c.channel === "chat" && c.customerId),
    };
    if (!found.call || !found.chat) throw new Error("the sandboxes produced no call or chat");
    call = found.call;
    chat = found.chat;
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
  }, TEST_TIMEOUT);

  async function open(width: number): Promise<Page> {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width, height: 844 });
    return page;
  }

  const pages = () => [
    "/agents",
    "/agents?agent=__first__",
    "/conversations",
    `/conversations/${chat.id}`,
    `/conversations/${call.id}`,
    "/customers",
    `/customers/${chat.customerId}`,
    "/sync-log",
    "/sync-log?status=dead",
    "/events",
    "/stats",
    "/connections",
  ];

  for (const width of WIDTHS) {
    it(
      `at ${width} px no page scrolls sideways or draws text over text`,
      async () => {
        const page = await open(width);
        try {
          await page.goto(hub.url);
          await page.getByRole("tab", { name: "API key" }).waitFor();
          expect(await layoutProblems(page), "the login page").toEqual([]);
          await signInWithKey(page, hub.url, hub.adminKey);
          const firstAgent = await page.locator("[data-testid=agent-row]").first().getAttribute("data-id");
          for (const route of pages()) {
            await page.goto(`${hub.url}${route.replace("__first__", firstAgent ?? "")}`);
            await loaded(page);
            await page.locator("main h1").first().waitFor();
            // An open drawer covers the page behind it: only the drawer is what a person reads then.
            const scope = route.includes("agent=") ? "[role=dialog]" : "body";
            if (scope !== "body") await page.locator(scope).waitFor();
            expect(await layoutProblems(page, scope), `${route} at ${width} px`).toEqual([]);
          }
        } finally {
          await page.close();
        }
      },
      TEST_TIMEOUT,
    );
  }

  it(
    "on a phone the sidebar is a menu, and the board shows each agent as a card with every platform in view",
    async () => {
      const page = await open(390);
      try {
        await signInWithKey(page, hub.url, hub.adminKey);
        const nav = page.getByRole("navigation", { name: "Main" });
        expect(await nav.isVisible()).toBe(false);
        await page.getByRole("button", { name: "Menu" }).click();
        await nav.getByRole("link", { name: "Sync log" }).click();
        await page.getByRole("heading", { name: "Sync log" }).waitFor();
        // Choosing a page closes the menu again.
        expect(await nav.isVisible()).toBe(false);

        await page.getByRole("button", { name: "Menu" }).click();
        await nav.getByRole("link", { name: "Agent board" }).click();
        await loaded(page);
        const cards = page.locator("[data-testid=agent-row]");
        await expect.poll(() => cards.count(), WAIT).toBe(8);
        for (const card of await cards.all()) {
          const box = await card.boundingBox();
          expect(box?.width ?? 0).toBeLessThanOrEqual(390);
          const cells = card.locator(".cell-platform");
          expect(await cells.count()).toBe(3);
          for (const cell of await cells.all()) {
            const b = await cell.boundingBox();
            expect(b !== null && b.x >= 0 && b.x + b.width <= 390, (await cell.textContent()) ?? "").toBe(true);
          }
          // Each platform's cell is labelled with the platform's name on a card (there is no column header).
          // The server's TypeScript project has no DOM types: the page's getComputedStyle is typed here.
          type Styles = { getComputedStyle(el: unknown, pseudo: string): { content: string } };
          const labels: string[] = [];
          for (const cell of await cells.all())
            labels.push(
              await cell.evaluate((el) =>
                (globalThis as unknown as Styles).getComputedStyle(el, "::before").content.replaceAll('"', ""),
              ),
            );
          expect(labels).toEqual(["LiveChat", "Chatwoot", "RingCentral"]);
        }
      } finally {
        await page.close();
      }
    },
    TEST_TIMEOUT,
  );

  it(
    "a call shows its facts and plays its recording through the hub, never RingCentral's content URI",
    async () => {
      const page = await open(390);
      try {
        await signInWithKey(page, hub.url, hub.adminKey);
        await page.goto(`${hub.url}/conversations/${call.id}`);
        const facts = page.locator("[data-testid=call-facts]");
        await facts.waitFor();
        const text = (await facts.textContent()) ?? "";
        for (const expected of ["Direction", "Inbound", "From", "+14155550198", "Duration", "Result", "Agent", "Grace"])
          expect(text).toContain(expected);
        expect(await page.getByText("No messages").count()).toBe(0);
        // Nothing on the page points at the platform's media URL, which a browser cannot open.
        expect(await page.locator('a[href*="/restapi/"]').count()).toBe(0);

        const fetched = page.waitForResponse((r) => r.url().endsWith(`/api/conversations/${call.id}/recording`));
        await facts.getByRole("button", { name: "Play recording" }).click();
        const response = await fetched;
        expect(response.status()).toBe(200);
        const audio = facts.locator("[data-testid=recording] audio");
        await audio.waitFor();
        expect(await audio.getAttribute("src")).toMatch(/^blob:/);
      } finally {
        await page.close();
      }
    },
    TEST_TIMEOUT,
  );

  it(
    "webhook events name the platform's event type, with what was ignored and why in its own column",
    async () => {
      const events = (await hub.api("GET", "/api/webhook-events?limit=200")).body as {
        items: Array<{ id: string; eventType: string | null; outcome: { kind: string } | null }>;
      };
      const ignored = events.items.find((e) => e.outcome?.kind === "ignored");
      const page = await open(1440);
      try {
        await signInWithKey(page, hub.url, hub.adminKey);
        await page.goto(`${hub.url}/events`);
        await loaded(page);
        const names = await page.locator("[data-testid=event-row] td:nth-child(3)").allTextContents();
        expect(names.length).toBeGreaterThan(0);
        expect(names.filter((n) => n.trim() === "ignored")).toEqual([]);
        if (ignored) {
          const row = page.locator(`[data-testid=event-row][data-id="${ignored.id}"]`);
          if (await row.count()) {
            expect(await row.locator("td:nth-child(3)").textContent()).toBe(ignored.eventType);
            expect(await row.locator("[data-testid=event-outcome]").textContent()).toContain("ignored");
          }
        }
      } finally {
        await page.close();
      }
    },
    TEST_TIMEOUT,
  );
});
