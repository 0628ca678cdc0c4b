import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { type RcAdminWorld, startRcAdminWorld } from "../../test/helpers/rc-admin.ts";
import { CSV_COLUMNS } from "../api/rc-admin/routes-call-log.ts";

let w: RcAdminWorld;
const dateFrom = new Date(Date.now() - 86_400_000).toISOString();
beforeAll(async () => {
  w = await startRcAdminWorld();
  const res = await fetch(`${w.simUrl}/_sim/call-log/queue-calls`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ count: 2500, seed: 11 }),
  });
  expect(res.status).toBe(200);
});
afterAll(async () => {
  await w?.stop();
});

const tally = z.object({
  offered: z.number(),
  answered: z.number(),
  missed: z.number(),
  abandoned: z.number(),
  avgWaitSec: z.number(),
});

describe("call log and queue analytics", () => {
  it("streams the whole range as CSV in pages of 1000", async () => {
    const before = (await w.simRequests()).length;
    const res = await w.call(
      "GET",
      `${w.prefix}/restapi/v1.0/account/~/call-log?dateFrom=${encodeURIComponent(dateFrom)}`,
      {
        headers: { accept: "text/csv" },
      },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const lines = res.text.trimEnd().split("\r\n");
    expect(lines[0]).toBe(CSV_COLUMNS.join(","));
    expect(lines).toHaveLength(2501);
    expect(lines.some((l) => l.startsWith("#"))).toBe(false);
    const pages = (await w.simRequests())
      .slice(before)
      .filter((r) => r.startsWith("GET /restapi/v1.0/account/~/call-log"));
    expect(pages).toHaveLength(3);
  });

  it("answers RingCentral's JSON page when JSON is asked for", async () => {
    const res = await w.call(
      "GET",
      `${w.prefix}/restapi/v1.0/account/~/call-log?perPage=10&dateFrom=${encodeURIComponent(dateFrom)}`,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ paging: { perPage: 10, totalElements: 2500 } });
  });

  it("aggregates per queue, agent and hour", async () => {
    const res = await w.call("GET", `${w.prefix}/analytics/queues?dateFrom=${encodeURIComponent(dateFrom)}`);
    expect(res.status).toBe(200);
    const body = z
      .object({
        calls: z.number(),
        queues: z.array(tally.extend({ name: z.string() })),
        agents: z.array(z.object({ answered: z.number() })),
        hours: z.array(tally),
      })
      .parse(res.body);
    expect(body.calls).toBe(2500);
    expect(body.queues.map((q) => q.name).sort()).toEqual(["Sales", "Support"]);
    const sum = (list: z.infer<typeof tally>[], key: keyof z.infer<typeof tally>) =>
      list.reduce((n, t) => n + t[key], 0);
    expect(sum(body.queues, "offered")).toBe(2500);
    expect(sum(body.hours, "offered")).toBe(2500);
    expect(sum(body.queues, "answered") + sum(body.queues, "missed") + sum(body.queues, "abandoned")).toBe(2500);
    expect(body.agents.reduce((n, a) => n + a.answered, 0)).toBe(sum(body.queues, "answered"));
    expect(sum(body.queues, "abandoned")).toBeGreaterThan(0);
  });

  it("passes the Analytics API through, and says when the account does not have it", async () => {
    const res = await w.call("POST", `${w.prefix}/analytics/calls/v1/accounts/~/aggregation/fetch`, {
      body: { grouping: { groupBy: "Queues" } },
    });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: { details: { platform: "ringcentral", errorCode: "CMN-120" } } });
  });
});
