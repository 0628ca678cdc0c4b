import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../../test/helpers/hub.ts";
import type { StatsDto } from "../api/contracts.ts";
import { agents, availabilityHistory, commands, webhookEvents } from "../db/schema/index.ts";
import { newId } from "../lib/ids.ts";
import { HOUR_MS } from "./hourly-availability.ts";

/**
 * /api/stats serves the morning to a lead who opens Stats in the afternoon: availability per hour replayed from
 * the stored history, and latency percentiles from the stored commands and webhooks.
 */
let hub: TestHub;
// Whole hours before the current one, so the expectations do not depend on the minute the test runs.
const H = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
const at = (hoursFromCurrent: number) => new Date(H + hoursFromCurrent * HOUR_MS);
const call = { kind: "call", platform: "ringcentral", id: "s1", partyId: "p1" };

beforeAll(async () => {
  hub = await startTestHub();
  const db = hub.deps.database.db;
  const ws = hub.workspaceId;
  const ada = newId("agt");
  const bob = newId("agt");
  await db.insert(agents).values([
    { id: ada, workspaceId: ws, name: "Ada", email: "ada@example.test", createdAt: at(-30) },
    { id: bob, workspaceId: ws, name: "Bob", email: "bob@example.test", createdAt: at(-30) },
  ]);
  const history = (agentId: string, when: Date, kind: string, detail: Record<string, unknown>) => ({
    id: newId("hst", when.getTime()),
    workspaceId: ws,
    agentId,
    at: when,
    kind,
    detail,
  });
  await db.insert(availabilityHistory).values([
    // Ada chose away 26 hours ago (long before the range) and came back at the start of the hour two hours ago.
    history(ada, at(-26), "intent", { from: "available", to: "away" }),
    history(ada, at(-2), "intent", { from: "away", to: "available" }),
    // Bob's call started before the range of the last 2 hours and ended half-way through its first hour.
    history(bob, at(-2.5), "engagement_started", { engagement: call }),
    history(bob, at(-1.5), "engagement_ended", { engagement: call }),
  ]);
  const command = (ms: number, platform: string) => {
    const created = new Date(H - HOUR_MS + 60_000);
    return {
      id: newId("cmd", created.getTime()),
      workspaceId: ws,
      connectionId: "con_x",
      platform,
      kind: "livechat.set_routing_status",
      payload: {},
      idempotencyKey: newId("cmd"),
      status: "succeeded" as const,
      createdAt: created,
      completedAt: new Date(created.getTime() + ms),
    };
  };
  // LiveChat: 100, 200, …, 1000 ms; RingCentral: one 5 s write. A failed one does not count.
  await db
    .insert(commands)
    .values([
      ...Array.from({ length: 10 }, (_, i) => command((i + 1) * 100, "livechat")),
      command(5000, "ringcentral"),
      { ...command(9, "livechat"), status: "dead" as const },
    ]);
  const received = new Date(H - HOUR_MS + 120_000);
  await db.insert(webhookEvents).values(
    [40, 60].map((ms) => ({
      id: newId("evt", received.getTime()),
      workspaceId: ws,
      platform: "chatwoot",
      connectionId: "con_y",
      dedupeKey: newId("evt"),
      status: "processed" as const,
      headers: {},
      rawBody: Buffer.from("{}"),
      bodyBytes: 2,
      receivedAt: received,
      processedAt: new Date(received.getTime() + ms),
    })),
  );
});
afterAll(async () => hub?.stop());

const stats = async (hours: number) => {
  const res = await hub.api("GET", `/api/stats?hours=${hours}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as StatsDto;
};

describe("GET /api/stats from the stored history", () => {
  it("replays availability per hour, with the state in force before the range", async () => {
    const body = await stats(4);
    expect(body.from).toBe(at(-3).toISOString());
    const byHour = new Map(body.availability.map((a) => [a.hour, a.states]));
    expect(byHour.get(at(-3).toISOString())).toEqual({ available: 0.5, busy: 0, on_call: 0.5, away: 1, offline: 0 });
    expect(byHour.get(at(-2).toISOString())).toEqual({ available: 1.5, busy: 0, on_call: 0.5, away: 0, offline: 0 });
    expect(byHour.get(at(-1).toISOString())).toEqual({ available: 2, busy: 0, on_call: 0, away: 0, offline: 0 });
    expect(body.availability.map((a) => a.hour)).toEqual(body.hourly.map((h) => h.hour));
  });

  it("gives latency percentiles per platform and overall, from succeeded commands and processed webhooks", async () => {
    const { latency } = await stats(24);
    const find = (measure: string, platform: string | null) =>
      latency.find((l) => l.measure === measure && l.platform === platform);
    expect(find("command", "livechat")).toEqual({
      measure: "command",
      platform: "livechat",
      count: 10,
      p50Ms: 500,
      p90Ms: 900,
      p95Ms: 1000,
      p99Ms: 1000,
    });
    expect(find("command", "ringcentral")).toMatchObject({ count: 1, p50Ms: 5000, p99Ms: 5000 });
    expect(find("command", null)).toMatchObject({ count: 11, p50Ms: 600, p99Ms: 5000 });
    expect(find("webhook", "chatwoot")).toMatchObject({ count: 2, p50Ms: 40, p99Ms: 60 });
  });

  it("leaves out what lies before the range", async () => {
    const { latency, availability } = await stats(1);
    expect(latency.filter((l) => l.measure === "command")).toEqual([]);
    expect(availability).toHaveLength(1);
  });
});
