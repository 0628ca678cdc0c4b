import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../src/auth/users.ts";
import { createAgent, createGroup } from "../helpers/chat.ts";
import { startTestHub, type TestHub } from "../helpers/hub.ts";
import { type Browser, browserTestsEnabled, launchBrowser } from "./chromium.ts";
import { buildDashboard } from "./helpers.ts";

/**
 * The built-in chat in Chromium: a visitor on the demo host page (its own browser) and an agent in the dashboard
 * (another browser) chat both ways live. Visitor text that looks like HTML stays text on both sides.
 */
const enabled = browserTestsEnabled();
const WAIT = { timeout: 20_000, interval: 100 };
const XSS = "<img src=x onerror=alert(1)>";

describe.skipIf(!enabled)("built-in chat (browser)", () => {
  let hub: TestHub;
  let visitorBrowser: Browser;
  let agentBrowser: Browser;
  let visitor: Page;
  let agent: Page;
  const dialogs: string[] = [];

  beforeAll(async () => {
    [hub] = await Promise.all([startTestHub({ worker: true }), buildDashboard()]);
    const agentId = await createAgent(hub, "Grace");
    const groupId = await createGroup(hub, { name: "Web", routingStrategy: "round_robin", isDefault: true }, [agentId]);
    await createUser(hub.deps.database.db, {
      workspaceId: hub.workspaceId,
      email: "grace@chat.test",
      name: "Grace",
      role: "agent",
      password: "a-long-test-password",
      agentId,
    });
    [visitorBrowser, agentBrowser] = await Promise.all([launchBrowser(), launchBrowser()]);
    visitor = await visitorBrowser.context.newPage();
    agent = await agentBrowser.context.newPage();
    for (const p of [visitor, agent]) p.on("dialog", (d) => void d.dismiss().then(() => dialogs.push(d.message())));
    await agent.goto(hub.url);
    await agent.locator("input[type=email]").fill("grace@chat.test");
    await agent.locator("input[type=password]").fill("a-long-test-password");
    await agent.getByRole("button", { name: "Sign in", exact: true }).click();
    await agent.getByRole("heading", { name: "Agent board" }).waitFor();
    await agent.getByRole("link", { name: /Chat inbox/ }).click();
    await agent.getByRole("heading", { name: "Chat inbox" }).waitFor();
    await visitor.goto(`${hub.url}/widget-demo?group=${groupId}`);
  }, 180_000);

  afterAll(async () => {
    await visitorBrowser?.close();
    await agentBrowser?.close();
    await hub?.stop();
  }, 60_000);

  it("the host page's CSS does not reach into the widget", async () => {
    const launcher = visitor.getByRole("button", { name: "Chat with us" });
    await launcher.waitFor();
    // Strings, not functions: this file is type-checked without the DOM library.
    const font = String(await launcher.evaluate("(el) => getComputedStyle(el).fontFamily"));
    expect(font).not.toContain("Comic Sans");
    const hostButtonFont = String(
      await visitor.evaluate(
        "(() => { const b = document.createElement('button'); document.body.appendChild(b); return getComputedStyle(b).fontFamily; })()",
      ),
    );
    expect(hostButtonFont).toContain("Comic Sans");
  });

  it("visitor and agent chat both ways, live, and HTML-looking text stays text", async () => {
    await visitor.getByRole("button", { name: "Chat with us" }).click();
    await visitor.getByPlaceholder("Your name (optional)").fill("Vic");
    await visitor.getByPlaceholder("Type a message…").fill(XSS);
    await visitor.getByRole("button", { name: "Send" }).click();

    // Routed to Grace (the only agent of the group): her inbox shows it, she opens it.
    const item = agent.locator("[data-testid=chat-item]", { hasText: "Vic" });
    await expect.poll(async () => item.count(), WAIT).toBe(1);
    await expect.poll(async () => item.getAttribute("data-status"), WAIT).toBe("assigned");
    await item.click();
    const log = agent.locator("[data-testid=chat-log]");
    await expect.poll(async () => log.locator(".chat-text", { hasText: XSS }).count(), WAIT).toBe(1);
    expect(await log.locator("img").count()).toBe(0);

    await agent.getByLabel("Reply").fill("Hello Vic, how can I help?");
    await agent.getByRole("button", { name: "Send" }).click();
    const visitorLog = visitor.locator(".log");
    await expect.poll(async () => visitorLog.getByText("Hello Vic, how can I help?").count(), WAIT).toBe(1);
    expect(await visitorLog.getByText(XSS).count()).toBe(1);
    expect(await visitorLog.locator("img").count()).toBe(0);

    await visitor.getByPlaceholder("Type a message…").fill("My parcel is late");
    await visitor.keyboard.press("Enter");
    await expect.poll(async () => log.locator(".chat-text", { hasText: "My parcel is late" }).count(), WAIT).toBe(1);
    expect(dialogs).toEqual([]);
  });
});
