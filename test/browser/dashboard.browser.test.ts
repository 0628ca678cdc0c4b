import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../helpers/hub.ts";
import { type Browser, browserTestsEnabled, launchBrowser } from "./chromium.ts";
import { agentRow, buildDashboard, loaded, post, routeMissing, settledDeadLetter, signInWithKey } from "./helpers.ts";

/**
 * The dashboard in a real browser against a real hub and the three sandboxes: what a supervisor sees and does.
 * Waits poll for a state (never assert on how long something took).
 */
const enabled = browserTestsEnabled();
const WAIT = { timeout: 20_000, interval: 100 };
const TEST_TIMEOUT = 90_000;

type Command = { id: string; status: string };
type WebhookEvent = { id: string; status: string; processedAt: string | null; eventType: string | null };

describe.skipIf(!enabled)("dashboard (browser)", () => {
  let hub: TestHub;
  let browser: Browser;
  let page: Page;
  let urls: { livechat: string; ringcentral: string; chatwoot: string };

  beforeAll(async () => {
    // Reconciliation would repair drift on its own and make the dead-letter scenario race; it has its own tests.
    [hub] = await Promise.all([
      startTestHub({ worker: true, sandboxes: true, env: { RECONCILE_INTERVAL_SECONDS: "3600" } }),
      buildDashboard(),
    ]);
    const s = hub.sandboxes;
    if (!s) throw new Error("sandboxes did not start");
    urls = { livechat: s.livechat.url, ringcentral: s.ringcentral.url, chatwoot: s.chatwoot.url };
    browser = await launchBrowser();
    page = await browser.context.newPage();
    await signInWithKey(page, hub.url, hub.adminKey);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
  }, TEST_TIMEOUT);

  it(
    "refuses a wrong API key with a clear message, then signs in with the right one",
    async () => {
      // A new tab has no session (the key is kept per tab), so it starts at the login page.
      const tab = await browser.context.newPage();
      try {
        await tab.goto(hub.url);
        await tab.getByRole("tab", { name: "API key" }).click();
        await tab.locator("input[name=apiKey]").fill("sbk_not-the-key");
        await tab.getByRole("button", { name: "Sign in with API key" }).click();
        await expect.poll(() => tab.getByRole("alert").textContent(), WAIT).toContain("does not accept this API key");

        await signInWithKey(tab, hub.url, hub.adminKey);
        await expect.poll(() => tab.locator("[data-testid=agent-row]").count(), WAIT).toBeGreaterThanOrEqual(8);
        expect(await agentRow(tab, "ada@switchboard.demo").getAttribute("data-status")).toBe("available");
        // A deep link survives a reload: the hub serves the dashboard for its routes, the tab keeps the session.
        await tab.goto(`${hub.url}/sync-log?status=dead`);
        await tab.getByRole("heading", { name: "Sync log" }).waitFor();
      } finally {
        await tab.close();
      }
    },
    TEST_TIMEOUT,
  );

  it(
    "signs a user in with email and password, keeps them signed in across a reload, and signs them out",
    async (ctx) => {
      const email = "sam.supervisor@example.com";
      const password = "correct-horse-battery-staple";
      const created = await hub.api("POST", "/api/users", {
        email,
        name: "Sam Supervisor",
        role: "supervisor",
        password,
      });
      if (created.status === 404) ctx.skip(true, "this hub has no user accounts yet (POST /api/users answered 404)");
      expect(created.status).toBe(201);

      const tab = await browser.context.newPage();
      try {
        await tab.goto(hub.url);
        await tab.getByLabel("Email").fill(email);
        await tab.getByLabel("Password").fill("not-the-password");
        await tab.getByRole("button", { name: "Sign in", exact: true }).click();
        await expect.poll(() => tab.getByRole("alert").textContent(), WAIT).toContain("email or password is not right");

        await tab.getByLabel("Password").fill(password);
        await tab.getByRole("button", { name: "Sign in", exact: true }).click();
        await tab.getByRole("heading", { name: "Agent board" }).waitFor();
        expect(await tab.locator(".topbar").textContent()).toContain("Sam Supervisor");
        // The access token is in memory only: a reload restores the session from the httpOnly refresh cookie.
        await tab.reload();
        await tab.getByRole("heading", { name: "Agent board" }).waitFor();
        await expect.poll(() => tab.locator("[data-testid=live-mode]").getAttribute("data-mode"), WAIT).toBe("live");

        await tab.getByRole("button", { name: "Sign out" }).click();
        await tab.getByRole("heading", { name: "Sign in" }).waitFor();
        await tab.reload();
        await tab.getByRole("heading", { name: "Sign in" }).waitFor();
      } finally {
        await tab.close();
      }
    },
    TEST_TIMEOUT,
  );

  it(
    "shows an agent going on a call live, across all three platforms, and back",
    async () => {
      await page.goto(`${hub.url}/agents`);
      await loaded(page);
      const grace = agentRow(page, "grace@switchboard.demo");
      await expect.poll(() => grace.getAttribute("data-status"), WAIT).toBe("available");
      const call = (await post(`${urls.ringcentral}/_sim/calls`, {
        extensionId: "102",
        direction: "Inbound",
        from: "+14155550102",
        to: "+16505551002",
      })) as { telephonySessionId: string };

      // No reload: the board must follow the change by itself (live stream, or polling where there is none).
      await expect.poll(() => grace.getAttribute("data-status"), WAIT).toBe("on_call");
      await expect.poll(() => grace.locator(".workload-counts").textContent(), WAIT).toContain("100/100");
      // The chat platforms are paused for her, and the marks say each platform confirmed it.
      await expect.poll(() => grace.textContent(), WAIT).toContain("Not accepting");
      await expect.poll(() => grace.locator("[data-testid=in-sync]").count(), WAIT).toBe(3);
      expect(["live", "polling"]).toContain(await page.locator("[data-testid=live-mode]").getAttribute("data-mode"));

      await post(`${urls.ringcentral}/_sim/calls/${call.telephonySessionId}/end`, {});
      await expect.poll(() => grace.getAttribute("data-status"), WAIT).toBe("available");
    },
    TEST_TIMEOUT,
  );

  it(
    "retries a dead-lettered command from the sync log",
    async () => {
      // LiveChat refuses routing changes with an error no retry can fix, so they dead-letter. The engine may try
      // again on each call event; all of those die too until the fault is lifted.
      await post(`${urls.livechat}/_sim/faults`, { http: [{ path: "set_routing_status", status: 400, count: 100 }] });
      const call = (await post(`${urls.ringcentral}/_sim/calls`, {
        extensionId: "103",
        direction: "Inbound",
        from: "+14155550103",
        to: "+16505551003",
      })) as { telephonySessionId: string };
      const dead = await settledDeadLetter(hub, "alan@switchboard.demo", "livechat.set_routing_status");
      await fetch(`${urls.livechat}/_sim/faults`, { method: "DELETE" });

      await page.goto(`${hub.url}/sync-log?status=dead`);
      await loaded(page);
      const row = page.locator(`[data-testid=command-row][data-id="${dead.id}"]`);
      await expect.poll(() => row.textContent(), WAIT).toContain("HTTP 400");
      await row.getByRole("button", { name: "Retry" }).click();

      const status = async () => ((await hub.api("GET", `/api/commands/${dead.id}`)).body as Command).status;
      await expect.poll(status, WAIT).toBe("succeeded");
      await page.goto(`${hub.url}/sync-log`);
      await expect
        .poll(() => page.locator(`[data-testid=command-row][data-id="${dead.id}"]`).getAttribute("data-status"), WAIT)
        .toBe("succeeded");
      await post(`${urls.ringcentral}/_sim/calls/${call.telephonySessionId}/end`, {});
    },
    TEST_TIMEOUT,
  );

  it(
    "replays a stored webhook event",
    async () => {
      const events = (await hub.api("GET", "/api/webhook-events?status=processed&limit=200")).body as {
        items: WebhookEvent[];
      };
      const target = events.items.at(-1);
      if (!target?.processedAt) throw new Error("no processed webhook event to replay");

      await page.goto(`${hub.url}/events?status=processed`);
      await loaded(page);
      // Open it from the list, then replay from its details.
      await page.goto(`${hub.url}/events?event=${target.id}`);
      const dialog = page.getByRole("dialog");
      await dialog.waitFor();
      await expect.poll(() => dialog.textContent(), WAIT).toContain("Body as received");
      await dialog.getByRole("button", { name: "Replay" }).click();

      const after = async () =>
        ((await hub.api("GET", `/api/webhook-events/${target.id}`)).body as WebhookEvent).processedAt;
      await expect
        .poll(async () => (await after()) !== null && (await after()) !== target.processedAt, WAIT)
        .toBe(true);
      const audit = await hub.deps.database.pool.query("select action from audit_log where target = $1", [target.id]);
      expect(audit.rows.map((r: { action: string }) => r.action)).toContain("webhook_event.replayed");
    },
    TEST_TIMEOUT,
  );

  it(
    "opens a customer's timeline",
    async (ctx) => {
      const probe = await hub.api("GET", "/api/customers?q=x");
      if (probe.status === 404) ctx.skip(true, "this hub has no customers API yet (GET /api/customers answered 404)");

      await post(`${urls.livechat}/_sim/chats`, {
        agentId: "dennis@switchboard.demo",
        customer: { name: "Esther Howard", email: "esther.howard@example.com", phone: "+14155550103" },
        message: "Where is my parcel?",
      });
      const found = async () =>
        ((await hub.api("GET", "/api/customers?q=esther.howard@example.com")).body as { items: unknown[] }).items
          .length;
      await expect.poll(found, WAIT).toBeGreaterThan(0);

      await page.goto(`${hub.url}/customers`);
      await page.getByRole("searchbox", { name: "Search customers" }).fill("esther.howard@example.com");
      await page.locator("[data-testid=customer-row]").filter({ hasText: "Esther" }).first().click();
      const timeline = page.locator("[data-testid=timeline]");
      await timeline.waitFor();
      await expect.poll(() => timeline.textContent(), WAIT).toContain("Where is my parcel?");
      expect(await timeline.textContent()).toContain("LiveChat");
    },
    TEST_TIMEOUT,
  );

  it(
    "explains a feature the hub does not offer, and keeps the board fresh without a live stream",
    async () => {
      const tab = await browser.context.newPage();
      try {
        // An older hub: no customers API and no live stream.
        await routeMissing(tab, "/api/customers");
        await routeMissing(tab, "/api/stream");
        await signInWithKey(tab, hub.url, hub.adminKey);
        await expect.poll(() => tab.locator("[data-testid=live-mode]").getAttribute("data-mode"), WAIT).toBe("polling");

        const barbara = agentRow(tab, "barbara@switchboard.demo");
        await expect.poll(() => barbara.getAttribute("data-status"), WAIT).toBe("available");
        const call = (await post(`${urls.ringcentral}/_sim/calls`, {
          extensionId: "108",
          direction: "Inbound",
          from: "+14155550108",
          to: "+16505551008",
        })) as {
          telephonySessionId: string;
        };
        await expect.poll(() => barbara.getAttribute("data-status"), WAIT).toBe("on_call");
        await post(`${urls.ringcentral}/_sim/calls/${call.telephonySessionId}/end`, {});

        await tab.getByRole("link", { name: "Customers" }).click();
        const notice = tab.locator("[data-testid=feature-unavailable]");
        await notice.waitFor();
        expect(await notice.textContent()).toContain("Customers is not available on this hub yet");
      } finally {
        await tab.close();
      }
    },
    TEST_TIMEOUT,
  );
});
