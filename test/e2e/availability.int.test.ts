import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../helpers/hub.ts";
import { post, type Snapshot, settle, snapshot } from "../helpers/sandbox-state.ts";

/**
 * The product's promise end to end, through the real hub and the three sandboxes: events arrive as the platforms'
 * own webhooks, and the assertions read each platform's state back from the sandbox as a person would see it.
 */
let hub: TestHub;
let urls: { livechat: string; ringcentral: string; chatwoot: string };
const ADA = { email: "ada@switchboard.demo", extension: "101" };
const AVAILABLE: Snapshot = { livechat: "accepting_chats", ringcentral: "Available/TakeAllCalls", chatwoot: "online" };

beforeAll(async () => {
  hub = await startTestHub({ worker: true, sandboxes: true, env: { RECONCILE_INTERVAL_SECONDS: "3600" } });
  const s = hub.sandboxes;
  if (!s) throw new Error("sandboxes did not start");
  urls = { livechat: s.livechat.url, ringcentral: s.ringcentral.url, chatwoot: s.chatwoot.url };
});
afterAll(async () => hub?.stop());

const now = () => snapshot(urls, ADA);
/** People talk for a while: a call that ends within milliseconds of starting is not a realistic scenario. */
const talk = () => new Promise((r) => setTimeout(r, 1200));
const until = (want: Snapshot) =>
  settle(now, (s) => Object.entries(want).every(([k, v]) => s[k as keyof Snapshot] === v));

describe("one agent, one state", () => {
  it("discovers the demo team on all three platforms as agents matched by email", async () => {
    const res = await hub.api("GET", "/api/agents");
    const items = (res.body as { items: Array<{ email: string; platforms: Array<{ platform: string }> }> }).items;
    const ada = items.find((a) => a.email === ADA.email);
    expect(ada?.platforms.map((p) => p.platform).sort()).toEqual(["chatwoot", "livechat", "ringcentral"]);
    expect(items.filter((a) => a.platforms.length === 3)).toHaveLength(8);
  });

  it("walks the whole day: chat → phone busy; call → chats paused; chat ends mid-call → still paused; call ends → available everywhere", async () => {
    expect((await until(AVAILABLE)).value).toEqual(AVAILABLE);

    const chat = await post(`${urls.livechat}/_sim/chats`, {
      agentId: ADA.email,
      customer: { name: "Jane Cooper", email: "jane.cooper@example.com", phone: "+14155550101" },
    });
    const afterChat = await until({ ringcentral: "Busy/DoNotAcceptDepartmentCalls" });
    expect(afterChat.value).toEqual({
      livechat: "accepting_chats",
      ringcentral: "Busy/DoNotAcceptDepartmentCalls",
      chatwoot: "online",
    });

    const call = await post(`${urls.ringcentral}/_sim/calls`, {
      extensionId: ADA.extension,
      direction: "Inbound",
      from: "+14155550101",
      to: "+16505551001",
    });
    const onCall = await until({ livechat: "not_accepting_chats", chatwoot: "busy" });
    expect(onCall.value).toEqual({
      livechat: "not_accepting_chats",
      ringcentral: "Busy/DoNotAcceptDepartmentCalls",
      chatwoot: "busy",
    });

    await talk();
    await post(`${urls.livechat}/_sim/chats/${String(chat.chatId)}/close`);
    const chatEnded = await until({ ringcentral: "Available/TakeAllCalls" });
    expect(chatEnded.value).toEqual({
      livechat: "not_accepting_chats",
      ringcentral: "Available/TakeAllCalls",
      chatwoot: "busy",
    });

    await talk();
    await post(`${urls.ringcentral}/_sim/calls/${String(call.telephonySessionId)}/end`);
    expect((await until(AVAILABLE)).value).toEqual(AVAILABLE);
  });

  it("never forces back an agent who set 'not accepting' by hand, after later calls end", async () => {
    await talk();
    await post(`${urls.livechat}/_sim/agents/${ADA.email}/routing-status`, { status: "not_accepting_chats" });
    const away = { livechat: "not_accepting_chats", ringcentral: "Busy/DoNotAcceptDepartmentCalls", chatwoot: "busy" };
    expect((await until(away)).value).toEqual(away);
    for (let i = 0; i < 2; i++) {
      const call = await post(`${urls.ringcentral}/_sim/calls`, {
        extensionId: ADA.extension,
        direction: "Inbound",
        from: "+14155550102",
        to: "+16505551001",
      });
      await post(`${urls.ringcentral}/_sim/calls/${String(call.telephonySessionId)}/end`);
    }
    await hub.sandboxes?.ringcentral.sim.webhooks.idle();
    // Give the engine every chance to (wrongly) restore availability, then look.
    await settle(now, (s) => s.livechat === "accepting_chats", 2000);
    expect(await now()).toEqual(away);
    const agent = (await hub.api("GET", "/api/agents")).body as {
      items: Array<{ email: string; intent: { status: string; source: string } }>;
    };
    expect(agent.items.find((a) => a.email === ADA.email)?.intent).toMatchObject({
      status: "away",
      source: "livechat",
    });
  });

  it("returns an agent to available everywhere when they choose it on one platform", async () => {
    await post(`${urls.ringcentral}/_sim/extensions/${ADA.extension}/presence`, {
      userStatus: "Available",
      dndStatus: "TakeAllCalls",
    });
    expect((await until(AVAILABLE)).value).toEqual(AVAILABLE);
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
