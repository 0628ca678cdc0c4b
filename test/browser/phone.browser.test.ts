import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { ANALYTICS_CSV_COLUMNS } from "../../src/admin/analytics-csv.ts";
import { CSV_COLUMNS } from "../../src/admin/routes-call-log.ts";
import { type RcAdminWorld, startRcAdminWorld } from "../helpers/rc-admin.ts";
import { type Browser, browserTestsEnabled, launchBrowser } from "./chromium.ts";
import { buildDashboard, loaded, signInWithKey } from "./helpers.ts";
import { layoutProblems } from "./layout.ts";

/**
 * The dashboard's phone-system page against a hub with the RingCentral sandbox: queues and members render, moving an
 * agent into a queue shows the plan (nothing sent yet), Apply runs the job and the queue shows the new member; an
 * IVR key, a number assignment and release, the business hours and a queue's overflow are each changed the same way
 * and the sandbox's own state shows the change; a supervisor sees the page without editing controls; and the page at
 * a phone's width passes the layout probe.
 */
const enabled = browserTestsEnabled();
const WAIT = { timeout: 60_000 };
const TEST_TIMEOUT = 180_000;

/** The sandbox's admin snapshot (GET /_sim/admin), the parts these tests read. */
const simAdmin = z.looseObject({
  queues: z.array(
    z.looseObject({
      id: z.string(),
      extensionNumber: z.string(),
      overflow: z.object({ enabled: z.boolean(), items: z.array(z.string()) }),
    }),
  ),
  ivrMenus: z.array(
    z.looseObject({
      extensionNumber: z.string(),
      actions: z.array(
        z.looseObject({ input: z.string(), action: z.string(), extension: z.object({ id: z.string() }).optional() }),
      ),
    }),
  ),
  numbers: z.array(
    z.looseObject({ phoneNumber: z.string(), usageType: z.string(), extensionId: z.string().optional() }),
  ),
  companyHours: z.record(z.string(), z.array(z.object({ from: z.string(), to: z.string() }))),
  users: z.array(z.looseObject({ id: z.string(), extensionNumber: z.string() })),
});

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

        // The queue analytics as CSV: the header, then rows per queue, agent and hour.
        const [analytics] = await Promise.all([
          page.waitForEvent("download", WAIT),
          page.getByRole("button", { name: "Download analytics (CSV)" }).click(),
        ]);
        const rows = (await readFile(await analytics.path(), "utf8")).split("\r\n");
        expect(rows[0]).toBe(ANALYTICS_CSV_COLUMNS.join(","));
      } finally {
        await page.close();
      }
    },
    TEST_TIMEOUT,
  );

  const sandbox = async () => simAdmin.parse(await (await fetch(`${w.simUrl}/_sim/admin`)).json());

  /** Clicks a plan button, checks the plan lists a request matching `request`, applies it and waits for success. */
  const planAndApply = async (page: Page, click: () => Promise<void>, request: RegExp) => {
    await click();
    const plan = page.locator("[data-testid=phone-plan]");
    await plan.locator("ol li").first().waitFor(WAIT);
    expect(await plan.locator("ol li").allTextContents()).toEqual(
      expect.arrayContaining([expect.stringMatching(request)]),
    );
    await plan.getByRole("button", { name: "Apply" }).click();
    await page.locator("[data-testid=phone-job][data-status=succeeded]").waitFor(WAIT);
    await plan.getByRole("button", { name: "Close" }).click();
    await plan.waitFor({ ...WAIT, state: "detached" });
  };

  it(
    "changes an IVR key, a number's assignment, the business hours and a queue's overflow through plans",
    async () => {
      const page = await browser.context.newPage();
      try {
        await signInWithKey(page, w.hub.url, w.hub.adminKey);
        await page.goto(`${w.hub.url}/phone`);
        await page.getByRole("heading", { name: "Call queues" }).waitFor(WAIT);
        const before = await sandbox();
        const [first, second] = before.queues;
        if (!first || !second) throw new Error("the sandbox has fewer than two queues");

        // IVR: key 7 of the first menu connects to the second queue.
        const editor = page.locator("[data-testid=ivr-editor]").first();
        const menuNumber = await editor.getAttribute("data-extension");
        await editor.locator("select").nth(0).selectOption("7");
        await editor.locator("select").nth(1).selectOption("Connect");
        await editor.locator("select").nth(2).selectOption(second.extensionNumber);
        await planAndApply(
          page,
          () => editor.getByRole("button", { name: "Plan key change" }).click(),
          /PUT .*\/ivr-menus\/\d+/,
        );
        const menu = (await sandbox()).ivrMenus.find((m) => m.extensionNumber === menuNumber);
        expect(menu?.actions.find((a) => a.input === "7")).toMatchObject({
          action: "Connect",
          extension: { id: second.id },
        });

        // Numbers: a company number is assigned to a user, then released again.
        const companyNumber = before.numbers.find((n) => n.usageType === "CompanyNumber")?.phoneNumber;
        const user = before.users[0];
        if (!companyNumber || !user) throw new Error("the sandbox has no company number or user");
        const row = () => page.locator(`[data-testid=phone-number][data-number="${companyNumber}"]`);
        await row().locator("select").selectOption(user.extensionNumber);
        await planAndApply(
          page,
          () => row().getByRole("button", { name: "Plan assignment" }).click(),
          /assign .* (PATCH|PUT|POST) .*phone-number/,
        );
        expect((await sandbox()).numbers.find((n) => n.phoneNumber === companyNumber)).toMatchObject({
          usageType: "DirectNumber",
          extensionId: user.id,
        });
        await page
          .locator(
            `[data-testid=phone-number][data-number="${companyNumber}"][data-extension="${user.extensionNumber}"]`,
          )
          .waitFor(WAIT);
        await row().locator("select").selectOption("");
        await planAndApply(
          page,
          () => row().getByRole("button", { name: "Plan release" }).click(),
          /release .*phone-number/,
        );
        const released = (await sandbox()).numbers.find((n) => n.phoneNumber === companyNumber);
        expect(released?.usageType).toBe("CompanyNumber");
        expect(released?.extensionId).toBeUndefined();

        // Business hours: Monday becomes two ranges, Sunday stays closed.
        await page.getByLabel("Hours on monday").fill("08:30-12:00, 13:00-16:00");
        await planAndApply(
          page,
          () => page.getByRole("button", { name: "Plan business hours" }).click(),
          /PUT .*business-hours/,
        );
        const hours = (await sandbox()).companyHours;
        expect(hours.monday).toEqual([
          { from: "08:30", to: "12:00" },
          { from: "13:00", to: "16:00" },
        ]);
        expect(hours.sunday ?? []).toEqual([]);

        // Overflow: the first queue overflows to the second.
        const card = page.locator(`[data-testid=phone-queue][data-extension="${first.extensionNumber}"]`);
        await card.locator("fieldset input[type=checkbox]").first().check();
        await card.locator("fieldset input[type=checkbox]").nth(1).check();
        await planAndApply(
          page,
          () => card.getByRole("button", { name: "Plan overflow" }).click(),
          /PUT .*overflow-settings/,
        );
        const overflow = (await sandbox()).queues.find((q) => q.id === first.id)?.overflow;
        expect(overflow).toEqual({ enabled: true, items: [second.id] });
        await card.locator("[data-testid=phone-overflow][data-enabled=true]").waitFor(WAIT);
      } finally {
        await page.close();
      }
    },
    TEST_TIMEOUT,
  );

  it(
    "shows a supervisor the phone system read-only",
    async () => {
      const res = await w.hub.api("POST", "/api/api-keys", { name: "supervisor", scopes: ["write"] });
      const key = z.object({ key: z.string() }).parse(res.body).key;
      const page = await browser.context.newPage();
      try {
        await signInWithKey(page, w.hub.url, key);
        await page.goto(`${w.hub.url}/phone`);
        await page.getByRole("heading", { name: "Call queues" }).waitFor(WAIT);
        await page.locator("[data-testid=phone-read-only]").waitFor(WAIT);
        expect(await page.locator("[data-testid=phone-queue]").count()).toBeGreaterThan(0);
        expect(await page.locator("[data-testid=phone-number]").count()).toBeGreaterThan(0);
        // No control that would plan or apply a change.
        expect(await page.locator(".phone-system button").allTextContents()).toEqual([
          "Download analytics (CSV)",
          "Download call log (CSV)",
        ]);
        expect(await page.locator(".phone-system select, .phone-system input").count()).toBe(0);
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
