import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ADA,
  backToAvailable,
  manualAwaySurvivesCalls,
  type SandboxUrls,
  walkTheDay,
} from "../helpers/availability-scenario.ts";
import { startTestHub, type TestHub } from "../helpers/hub.ts";

/**
 * The product's promise end to end, through the real hub and the three sandboxes: events arrive as the platforms'
 * own webhooks, and the assertions read each platform's state back from the sandbox as a person would see it.
 */
let hub: TestHub;
let urls: SandboxUrls;

beforeAll(async () => {
  hub = await startTestHub({ worker: true, sandboxes: true, env: { RECONCILE_INTERVAL_SECONDS: "3600" } });
  const s = hub.sandboxes;
  if (!s) throw new Error("sandboxes did not start");
  urls = { livechat: s.livechat.url, ringcentral: s.ringcentral.url, chatwoot: s.chatwoot.url };
});
afterAll(async () => hub?.stop());

describe("one agent, one state", () => {
  it("discovers the demo team on all three platforms as agents matched by email", async () => {
    const res = await hub.api("GET", "/api/agents");
    const items = (res.body as { items: Array<{ email: string; platforms: Array<{ platform: string }> }> }).items;
    const ada = items.find((a) => a.email === ADA.email);
    expect(ada?.platforms.map((p) => p.platform).sort()).toEqual(["chatwoot", "livechat", "ringcentral"]);
    expect(items.filter((a) => a.platforms.length === 3)).toHaveLength(8);
  });

  it("walks the whole day: chat → phone busy; call → chats paused; chat ends mid-call → still paused; call ends → available everywhere", async () => {
    await walkTheDay(urls);
  });

  it("never forces back an agent who set 'not accepting' by hand, after later calls end", async () => {
    await manualAwaySurvivesCalls(urls, async () => hub.sandboxes?.ringcentral.sim.webhooks.idle());
    const agent = (await hub.api("GET", "/api/agents")).body as {
      items: Array<{ email: string; intent: { status: string; source: string } }>;
    };
    expect(agent.items.find((a) => a.email === ADA.email)?.intent).toMatchObject({
      status: "away",
      source: "livechat",
    });
  });

  it("returns an agent to available everywhere when they choose it on one platform", async () => {
    await backToAvailable(urls);
  });

  it("records the conversations, the call with its duration and result, and the availability history", async () => {
    const history = await hub.api("GET", `/api/agents/${await adaId()}/availability-history?limit=200`);
    const kinds = (history.body as { items: Array<{ kind: string; cause: string | null }> }).items;
    expect(kinds.some((h) => h.kind === "intent" && h.cause?.startsWith("evt_"))).toBe(true);
    expect(kinds.some((h) => h.kind.startsWith("engagement"))).toBe(true);
    const calls = await hub.deps.database.pool.query<{
      status: string;
      details: { result?: string; durationSec?: number };
    }>("select status, details from conversations where channel = 'call'");
    expect(calls.rows.length).toBeGreaterThanOrEqual(3);
    expect(
      calls.rows.every((c) => c.status === "ended" && typeof c.details.durationSec === "number" && c.details.result),
    ).toBe(true);
    const posts = await hub.api("GET", "/api/commands?platform=ringcentral&limit=200");
    const kinds2 = (posts.body as { items: Array<{ kind: string; status: string }> }).items;
    expect(kinds2.some((c) => c.kind === "ringcentral.post_message" && c.status === "succeeded")).toBe(true);
  });
});

async function adaId(): Promise<string> {
  const res = await hub.api("GET", "/api/agents");
  const id = (res.body as { items: Array<{ id: string; email: string }> }).items.find((a) => a.email === ADA.email)?.id;
  if (!id) throw new Error("no Ada");
  return id;
}
