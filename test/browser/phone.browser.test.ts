import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CSV_COLUMNS } from "../../src/api/rc-admin/routes-call-log.ts";
import { type RcAdminWorld, startRcAdminWorld } from "../helpers/rc-admin.ts";
import { type Browser, browserTestsEnabled, launchBrowser } from "./chromium.ts";
import { buildDashboard, loaded, signInWithKey } from "./helpers.ts";
import { layoutProblems } from "./layout.ts";

/**
 * The dashboard's phone-system page against a hub with the RingCentral sandbox: queues and members render, moving an
 * agent into a queue shows the plan (nothing sent yet), Apply runs the job and the queue shows the new member; and
 * the page at a phone's width passes the layout probe.
 */
const enabled = browserTestsEnabled();
const WAIT = { timeout: 60_000 };
const TEST_TIMEOUT = 180_000;

describe.skipIf(!enabled)("phone system page (browser)", () => {
  let w: RcAdminWorld;
  let browser: Browser;

  beforeAll(async () => {
    [w] = await Promise.all([startRcAdminWorld({ worker: true }), buildDashboard()]);
    browser = await launchBrowser();
  }, TEST_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await w?.stop();
  }, TEST_TIMEOUT);

  it(
    "shows queues with members, plans a member move, applies it, shows the change and downloads the call log as CSV",
    async () => {
      const page = await browser.context.newPage();
      try {
        await signInWithKey(page, w.hub.url, w.hub.adminKey);
        await page.getByRole("link", { name: "Phone system" }).click();
        await page.getByRole("heading", { name: "Call queues" }).waitFor(WAIT);
        const queues = page.locator("[data-testid=phone-queue]");
        expect(await queues.count()).toBeGreaterThan(0);
        const queue = queues.first();
        const queueNumber = await queue.getAttribute("data-extension");
        const before = await queue.locator("[data-testid=phone-member]").count();

        const select = queue.locator("select");
        const candidate = await select.locator("option").nth(1).getAttribute("value");
        if (!candidate) throw new Error("no agent to move in");
        await select.selectOption(candidate);
        await queue.getByRole("button", { name: "Move in" }).click();

        const plan = page.locator("[data-testid=phone-plan]");
        await plan.locator("ol li").first().waitFor(WAIT);
        expect(await plan.locator("ol li").first().textContent()).toMatch(/POST .*call-queues\/\d+\/bulk-assign/);
        // The plan sent nothing: the queue still shows its old members.
        expect(await queue.locator("[data-testid=phone-member]").count()).toBe(before);

        await plan.getByRole("button", { name: "Apply" }).click();
        await page.locator("[data-testid=phone-job][data-status=succeeded]").waitFor(WAIT);
        const moved = page.locator(
          `[data-testid=phone-queue][data-extension="${queueNumber}"] [data-testid=phone-member][data-extension="${candidate}"]`,
        );
        await moved.waitFor(WAIT);
        expect(
          await page
            .locator(`[data-testid=phone-queue][data-extension="${queueNumber}"] [data-testid=phone-member]`)
            .count(),
        ).toBe(before + 1);

        // The call log as CSV, fetched with the session's key and Accept: text/csv, saved as a download.
        const [download] = await Promise.all([
          page.waitForEvent("download", WAIT),
          page.getByRole("button", { name: "Download call log (CSV)" }).click(),
        ]);
        const file = await download.path();
        const csv = await readFile(file, "utf8");
        expect(csv.split("\r\n")[0]).toBe(CSV_COLUMNS.join(","));
      } finally {
        await page.close();
      }
    },
    TEST_TIMEOUT,
  );

  it(
    "passes the layout probe at 390 px",
    async () => {
      const page = await browser.context.newPage();
      try {
        await page.setViewportSize({ width: 390, height: 844 });
        await signInWithKey(page, w.hub.url, w.hub.adminKey);
        await page.goto(`${w.hub.url}/phone`);
        await page.getByRole("heading", { name: "Call queues" }).waitFor(WAIT);
        await page
          .locator("[data-testid=phone-analytics] .phone-analytics, [data-testid=phone-analytics] .inline-error")
          .first()
          .waitFor({ ...WAIT, state: "attached" });
        await loaded(page);
        expect(await layoutProblems(page), "/phone at 390 px").toEqual([]);
      } finally {
        await page.close();
      }
    },
    TEST_TIMEOUT,
  );
});
