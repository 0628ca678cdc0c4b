import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../helpers/hub.ts";
import { type Browser, browserTestsEnabled, launchBrowser } from "./chromium.ts";
import { buildDashboard, signInWithKey } from "./helpers.ts";

/** The agent-bot page in a real browser: a support lead loads a document, tries questions, turns the bot on. */
const enabled = browserTestsEnabled();
const WAIT = { timeout: 20_000, interval: 100 };

describe.skipIf(!enabled)("agent bot page (browser)", () => {
  let hub: TestHub;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [hub] = await Promise.all([startTestHub(), buildDashboard()]);
    browser = await launchBrowser();
    page = await browser.context.newPage();
    await signInWithKey(page, hub.url, hub.adminKey);
    await page.goto(`${hub.url}/bot`);
    await page.getByRole("heading", { name: "Agent bot" }).waitFor();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
  }, 90_000);

  it("adds a document and shows its chunks", async () => {
    await page.getByLabel("Title", { exact: true }).fill("Billing");
    await page
      .getByLabel("Content", { exact: true })
      .fill(
        "# Billing\n\n## Refunds\n\nAnnual plans are refunded in full within 30 days.\n\n## Invoices\n\nInvoices are emailed as PDF files on the first day of the month.",
      );
    await page.getByRole("button", { name: "Add document" }).click();
    await expect
      .poll(() => page.getByTestId("document-message").textContent(), WAIT)
      .toContain("Billing: created, 2 chunks");
    await page.getByRole("button", { name: "Billing", exact: true }).click();
    await expect
      .poll(() => page.getByLabel("Chunks", { exact: true }).textContent(), WAIT)
      .toContain("Billing › Invoices");
  }, 60_000);

  it("tries a question: the answer, the chunks with scores, and a handoff for what the docs do not say", async () => {
    await page.getByLabel("Question", { exact: true }).fill("When are invoices emailed?");
    await page.getByRole("button", { name: "Ask" }).click();
    await expect.poll(() => page.getByTestId("ask-action").textContent(), WAIT).toBe("Answers");
    expect(await page.getByTestId("ask-answer").textContent()).toContain("first day of the month");
    expect(await page.getByTestId("ask-result").locator("tbody tr").count()).toBeGreaterThan(0);

    await page.getByLabel("Question", { exact: true }).fill("Do you integrate with Salesforce?");
    await page.getByRole("button", { name: "Ask" }).click();
    await expect.poll(() => page.getByTestId("ask-action").textContent(), WAIT).toBe("Hands off");
    // No embedding model configured: BM25 alone, and the page says so.
    expect(await page.getByTestId("ask-retrieval").textContent()).toBe("Retrieval: BM25");
  }, 60_000);

  it("turns the bot on for an inbox, and the audit log shows the decisions", async () => {
    await page.getByRole("button", { name: "Configure an inbox" }).click();
    await page.getByLabel("Inbox id", { exact: true }).fill("website");
    await page.getByLabel("Channel", { exact: true }).selectOption("chatwoot");
    await page.getByLabel("Connection id", { exact: true }).fill("con_00000000000000000000aa");
    await page.getByLabel("Bot answers", { exact: true }).check();
    await page.getByLabel("Confidence threshold", { exact: true }).fill("0.55");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect.poll(() => page.getByTestId("settings-message").textContent(), WAIT).toBe("Saved");
    const saved = (await hub.api("GET", "/api/bot/inboxes/website")).body as {
      settings: { enabled: boolean; threshold: number };
    };
    expect(saved.settings).toMatchObject({ enabled: true, threshold: 0.55 });

    await page.reload();
    await expect.poll(() => page.getByLabel("Inboxes", { exact: true }).textContent(), WAIT).toContain("website");
    await expect
      .poll(() => page.getByLabel("Audit log", { exact: true }).textContent(), WAIT)
      .toContain("Do you integrate with Salesforce?");
    expect(await page.getByTestId("resolution-rate").textContent()).toMatch(/Resolution rate \d+ %/);
  }, 60_000);

  it("configures a LiveChat bot agent with its own credential fields (write-only)", async () => {
    await page.getByRole("button", { name: "Configure an inbox" }).click();
    await page.getByLabel("Inbox id", { exact: true }).fill("livechat-web");
    await page.getByLabel("Channel", { exact: true }).selectOption("livechat");
    // Chatwoot's token field is gone; LiveChat's five are there.
    expect(await page.getByLabel("Bot access token", { exact: false }).count()).toBe(0);
    await page.getByLabel("Connection id", { exact: true }).fill("con_00000000000000000000bb");
    await page.getByLabel("Handoff team / group id", { exact: true }).fill("2");
    await page.getByLabel("LiveChat bot id", { exact: false }).fill("0123456789abcdef0123456789abcdef");
    await page.getByLabel("LiveChat bot secret", { exact: false }).fill("bot-secret");
    await page.getByLabel("LiveChat Client ID", { exact: false }).fill("client-1");
    await page.getByLabel("LiveChat organization id", { exact: false }).fill("org-1");
    await page.getByLabel("Bot webhooks secret key", { exact: false }).fill("hook-secret");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect.poll(() => page.getByTestId("settings-message").textContent(), WAIT).toBe("Saved");
    const saved = (await hub.api("GET", "/api/bot/inboxes/livechat-web")).body as {
      settings: { channel: string; handoffTeamId: string };
      credentials: Record<string, boolean>;
    };
    expect(saved.settings).toMatchObject({ channel: "livechat", handoffTeamId: "2" });
    expect(saved.credentials).toEqual({
      botId: true,
      botSecret: true,
      clientId: true,
      organizationId: true,
      webhookSecret: true,
    });
  }, 60_000);
});
