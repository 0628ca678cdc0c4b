import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../../test/helpers/hub.ts";
import { agents, availabilityHistory, conversations, messages } from "../db/schema/index.ts";
import { newId } from "../lib/ids.ts";

let hub: TestHub;
let agentId: string;
const T0 = Date.parse("2026-03-01T08:00:00.000Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

type Page<T> = { items: T[]; nextCursor: string | null };
type Conversation = {
  id: string;
  channel: string;
  platform: string;
  status: string;
  startedAt: string;
  call: { durationSec: number | null; result: string | null; recording: unknown } | null;
};

beforeAll(async () => {
  hub = await startTestHub();
  const db = hub.deps.database.db;
  agentId = newId("agt");
  await db
    .insert(agents)
    .values({ id: agentId, workspaceId: hub.workspaceId, name: "Ada", email: "ada@example.test", createdAt: at(-600) });
  const rows = [
    { channel: "chat", platform: "livechat", status: "ended", start: 0, details: {} },
    { channel: "chat", platform: "chatwoot", status: "active", start: 10, details: {} },
    {
      channel: "call",
      platform: "ringcentral",
      status: "ended",
      start: 20,
      details: {
        direction: "Inbound",
        from: "+14155550101",
        result: "Answered",
        durationSec: 125,
        callLogResult: "Accepted",
        recording: { id: 9, contentUri: "https://media.ringcentral.com/r/9/content" },
      },
    },
    {
      channel: "call",
      platform: "ringcentral",
      status: "ended",
      start: 30,
      details: { direction: "Inbound", result: "Missed", durationSec: 0 },
    },
    { channel: "chat", platform: "livechat", status: "active", start: 40, details: {} },
  ];
  for (const [i, r] of rows.entries()) {
    await db.insert(conversations).values({
      id: newId("cnv", T0 + i),
      workspaceId: hub.workspaceId,
      connectionId: "con_seed",
      platform: r.platform,
      channel: r.channel,
      externalId: `X-${i}`,
      agentId,
      status: r.status,
      startedAt: at(r.start),
      details: r.details,
    });
  }
  const chat = await db.select().from(conversations);
  const first = chat.find((c) => c.externalId === "X-0");
  for (let m = 0; m < 5; m++) {
    await db.insert(messages).values({
      id: newId("msg"),
      workspaceId: hub.workspaceId,
      conversationId: first?.id ?? "",
      externalId: `m${m}`,
      authorType: m % 2 ? "agent" : "customer",
      text: `line ${m}`,
      at: at(m),
    });
  }
  await db.insert(availabilityHistory).values([
    {
      id: newId("hst", T0),
      workspaceId: hub.workspaceId,
      agentId,
      at: at(0),
      kind: "intent",
      detail: { to: "available" },
    },
    {
      id: newId("hst", T0 + 1),
      workspaceId: hub.workspaceId,
      agentId,
      at: at(20),
      kind: "engagement_started",
      detail: { engagement: { kind: "call", platform: "ringcentral", id: "s" } },
    },
    {
      id: newId("hst", T0 + 2),
      workspaceId: hub.workspaceId,
      agentId,
      at: at(22),
      kind: "engagement_ended",
      detail: { engagement: { kind: "call", platform: "ringcentral", id: "s" } },
    },
    {
      id: newId("hst", T0 + 3),
      workspaceId: hub.workspaceId,
      agentId,
      at: at(50),
      kind: "intent",
      detail: { to: "away" },
    },
  ]);
});
afterAll(async () => hub?.stop());

async function all(query: string): Promise<Conversation[]> {
  const out: Conversation[] = [];
  let cursor: string | null = null;
  do {
    const res = await hub.api("GET", `/api/conversations?limit=2${query}${cursor ? `&cursor=${cursor}` : ""}`);
    const page = res.body as Page<Conversation>;
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

describe("conversations API", () => {
  it("pages newest first without skipping or repeating", async () => {
    const items = await all("");
    expect(items.map((c) => c.startedAt)).toEqual([40, 30, 20, 10, 0].map((m) => at(m).toISOString()));
  });

  it("filters by channel, platform, status, agent and start time", async () => {
    expect((await all("&channel=call")).map((c) => c.channel)).toEqual(["call", "call"]);
    expect((await all("&platform=livechat&status=active")).map((c) => c.startedAt)).toEqual([at(40).toISOString()]);
    expect(await all(`&agentId=${agentId}`)).toHaveLength(5);
    expect(await all("&agentId=agt_nobody")).toHaveLength(0);
    expect((await all(`&from=${at(10).toISOString()}&to=${at(30).toISOString()}`)).map((c) => c.startedAt)).toEqual(
      [at(20), at(10)].map((d) => d.toISOString()),
    );
    expect((await hub.api("GET", "/api/conversations?from=yesterday")).status).toBe(400);
    expect((await hub.api("GET", "/api/conversations?cursor=bogus")).status).toBe(400);
  });

  it("shows call details: result, duration and the recording when the call log has it", async () => {
    const [answered] = await all(`&channel=call&from=${at(20).toISOString()}&to=${at(21).toISOString()}`);
    expect(answered?.call).toEqual({
      direction: "Inbound",
      from: "+14155550101",
      to: null,
      result: "Accepted",
      durationSec: 125,
      answeredAt: null,
      recording: {
        id: "9",
        contentUri: "https://media.ringcentral.com/r/9/content",
        url: `/api/conversations/${answered?.id}/recording`,
      },
    });
  });

  it("pages a chat's messages in the order they were written", async () => {
    const [chat] = await all(`&to=${at(1).toISOString()}`);
    const texts: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await hub.api(
        "GET",
        `/api/conversations/${chat?.id}/messages?limit=2${cursor ? `&cursor=${cursor}` : ""}`,
      );
      const page = res.body as Page<{ text: string }>;
      texts.push(...page.items.map((m) => m.text));
      cursor = page.nextCursor;
    } while (cursor);
    expect(texts).toEqual(["line 0", "line 1", "line 2", "line 3", "line 4"]);
  });
});

describe("stats", () => {
  it("agent stats: chats and calls handled, talk time, time per state", async () => {
    const res = await hub.api(
      "GET",
      `/api/agents/${agentId}/stats?from=${at(0).toISOString()}&to=${at(60).toISOString()}`,
    );
    expect(res.body).toMatchObject({
      chatsHandled: 3,
      callsHandled: 1,
      callsMissed: 1,
      talkTimeSec: 125,
      timeInStateSec: { available: 48 * 60, on_call: 120, away: 600 },
    });
    expect(
      (await hub.api("GET", `/api/agents/${agentId}/stats?from=${at(60).toISOString()}&to=${at(0).toISOString()}`))
        .status,
    ).toBe(400);
  });

  it("workspace stats: live counts and one bucket per hour", async () => {
    const before = new Date().toISOString().slice(0, 13);
    const res = await hub.api("GET", "/api/stats?hours=3");
    const body = res.body as {
      active: { chats: number; calls: number };
      agents: { total: number };
      hourly: Array<{ hour: string }>;
    };
    expect(body.active).toEqual({ chats: 2, calls: 0 });
    expect(body.agents.total).toBe(1);
    expect(body.hourly).toHaveLength(3);
    const after = new Date().toISOString().slice(0, 13);
    // The request's hour is between the hour before it and the hour after it.
    expect([before, after]).toContain(body.hourly.at(-1)?.hour.slice(0, 13));
  });
});
