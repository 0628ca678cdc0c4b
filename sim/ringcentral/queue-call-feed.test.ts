import { afterEach, describe, expect, it } from "vitest";
import { trickleCount } from "./queue-call-feed.ts";
import { call, login, type Reply, startSim, type TestSim } from "./test-support.ts";

describe("trickleCount", () => {
  it.each([
    // perDay, elapsed ms, carry in → count, carry out
    [240, 60_000, 0, 0, 1 / 6],
    [240, 360_000, 0, 1, 0],
    [240, 60_000, 0.9, 1, 0.9 + 1 / 6 - 1],
    [1440, 120_000, 0, 2, 0],
    [0, 60_000, 0.5, 0, 0.5],
    [240, -5, 0, 0, 0],
  ])("%i a day over %i ms with %d carried", (perDay, elapsed, carry, count, left) => {
    const r = trickleCount(perDay, elapsed, carry);
    expect(r.count).toBe(count);
    expect(r.carry).toBeCloseTo(left, 9);
  });
});

describe("queue-call feed", () => {
  let t: TestSim | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  const records = (r: Reply) => r.json.records as Array<Record<string, unknown>>;
  const readAll = async (sim: TestSim, token: string) => {
    const from = new Date(Date.now() - 10 * 86_400_000).toISOString();
    const res = await call(sim.base, "GET", `/restapi/v1.0/account/~/call-log?perPage=1000&dateFrom=${from}`, {
      token,
    });
    expect(res.status).toBe(200);
    return records(res);
  };

  it("backfills the last days with answered, missed and abandoned calls of the demo queues, again after a reset", async () => {
    t = await startSim({ queueCalls: { backfillDays: 2, perDay: 60 } });
    const { access_token: token } = await login(t);
    const calls = await readAll(t, token);
    expect(calls).toHaveLength(120);
    const results = new Set(calls.map((c) => c.result));
    expect([...results].sort()).toEqual(["Abandoned", "Accepted", "Missed"]);
    const queues = new Set(calls.map((c) => (c.to as { extensionNumber: string }).extensionNumber));
    expect([...queues].sort()).toEqual(["801", "802"]);
    const oldest = Math.min(...calls.map((c) => Date.parse(String(c.startTime))));
    expect(Date.now() - oldest).toBeLessThanOrEqual(2 * 86_400_000);
    expect(Date.now() - oldest).toBeGreaterThan(86_400_000);

    expect((await call(t.base, "POST", "/_sim/reset")).status).toBeLessThan(300);
    const { access_token: again } = await login(t);
    expect(await readAll(t, again)).toHaveLength(120);
  });

  it("makes no queue calls unless asked", async () => {
    t = await startSim();
    const { access_token: token } = await login(t);
    expect(await readAll(t, token)).toHaveLength(0);
  });
});
