import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createRingcentralSim } from "../../../sim/ringcentral/app.ts";
import type { Sim } from "../../../sim/shared/types.ts";
import { createTestDatabase } from "../../../test/helpers/database.ts";
import { type Database, openDatabase } from "../../db/database.ts";
import { SharedRateLimiter } from "./budget.ts";
import { RingcentralClient } from "./client.ts";

/**
 * Two limiters on two connection pools stand for two hub processes (web + worker, or two workers): whatever
 * each sends, together they stay within one (user, app) quota per group.
 */
let main: Database & { drop(): Promise<void> };
let other: Database;
let now = 1_800_000_000_000;
const clock = () => now;
let a: SharedRateLimiter;
let b: SharedRateLimiter;
let connection = 0;
let con = "";

beforeAll(async () => {
  main = await createTestDatabase();
  other = openDatabase(main.url, { max: 10 });
  a = new SharedRateLimiter(main.db, { now: clock });
  b = new SharedRateLimiter(other.db, { now: clock });
});

afterAll(async () => {
  await other.close();
  await main.drop();
});

beforeEach(() => {
  connection += 1;
  con = `con_rc_${connection}`;
});

const headers = (values: Record<string, string>) => ({ get: (name: string) => values[name.toLowerCase()] ?? null });

describe("SharedRateLimiter", () => {
  it("gives two processes one Medium budget of 40 a minute, then says when the oldest slot frees", async () => {
    const start = now;
    const results = [];
    for (let i = 0; i < 41; i++) {
      results.push(await (i % 2 === 0 ? a : b).acquire(con, "Medium", "availability"));
      now += 10;
    }
    expect(results.filter((r) => r.ok)).toHaveLength(40);
    expect(results[40]).toEqual({ ok: false, waitUntil: start + 60_000 });
    now = start + 60_001;
    expect(await b.acquire(con, "Medium", "availability")).toEqual({ ok: true });
  });

  it("never lets concurrent processes both take the last slot", async () => {
    const attempts = Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? a : b).acquire(con, "Heavy", "read"));
    const results = await Promise.all(attempts);
    // Heavy is 10 a minute; reads leave one slot for presence.
    expect(results.filter((r) => r.ok)).toHaveLength(9);
    expect(await a.acquire(con, "Heavy", "availability")).toEqual({ ok: true });
    expect((await b.acquire(con, "Heavy", "availability")).ok).toBe(false);
  });

  it("keeps Team Messaging's spending from taking presence's share, across processes", async () => {
    let posts = 0;
    while ((await a.acquire(con, "Medium", "messaging")).ok) posts += 1;
    expect(posts).toBe(30);
    expect((await b.acquire(con, "Medium", "messaging")).ok).toBe(false);
    expect(await b.acquire(con, "Medium", "availability")).toEqual({ ok: true });
  });

  it("holds every process back after a 429 seen by one", async () => {
    await a.penalise(con, "Light", 7_000);
    expect(await b.acquire(con, "Light", "availability")).toEqual({ ok: false, waitUntil: now + 7_000 });
    now += 7_000;
    expect(await b.acquire(con, "Light", "availability")).toEqual({ ok: true });
  });

  it("adopts the plan the server reports to one process for all of them", async () => {
    await a.observe(con, "Heavy", headers({ "x-rate-limit-limit": "3", "x-rate-limit-window": "60" }));
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await b.acquire(con, "Heavy", "availability"));
    expect(results.map((r) => r.ok)).toEqual([true, true, true, false]);
    await a.observe(con, "Light", headers({ "x-rate-limit-remaining": "0", "x-rate-limit-window": "60" }));
    expect(await b.acquire(con, "Light", "availability")).toEqual({ ok: false, waitUntil: now + 60_000 });
  });

  it("keeps connections apart", async () => {
    await a.penalise(con, "Medium", 60_000);
    expect(await b.acquire(`${con}_other`, "Medium", "availability")).toEqual({ ok: true });
  });
});

describe("two clients sharing the budget against the sandbox", () => {
  let sim: Sim;
  let baseUrl: string;
  beforeAll(async () => {
    sim = await createRingcentralSim({ reminderCheckMs: 0 });
    baseUrl = await sim.listen(0, "127.0.0.1");
  });
  afterAll(async () => {
    await sim.close();
  });

  it("never causes a 429 for each other (the sandbox enforces the real Heavy limit of 10)", async () => {
    const creds = sim.credentials as { clientId: string; clientSecret: string; users: Array<{ jwt: string }> };
    const jwt = creds.users[0]?.jwt ?? "";
    // Real time here: the sandbox counts with its own clock.
    const budgetA = new SharedRateLimiter(main.db);
    const budgetB = new SharedRateLimiter(other.db);
    const client = (budget: SharedRateLimiter) =>
      new RingcentralClient({
        baseUrl,
        clientId: creds.clientId,
        clientSecret: creds.clientSecret,
        jwt,
        budget: budget.forConnection(con),
        maxRateLimitWaitMs: 0,
      });
    const [one, two] = [client(budgetA), client(budgetB)];
    // Both log in first, then fire at once: no response header can warn the other process in time.
    await Promise.all([one.getPresence(), two.getPresence()]);
    const results = await Promise.all(
      Array.from({ length: 14 }, (_, i) => (i % 2 ? one : two).searchContacts({ phoneNumber: "+14155550101" })),
    );
    const statuses = results.map((r) => (r.ok ? "ok" : (r.error.status ?? r.error.code)));
    expect(statuses.filter((s) => s === 429)).toEqual([]);
    expect(statuses.filter((s) => s === "ok")).toHaveLength(9);
    const waiting = results.find((r) => !r.ok);
    expect(waiting).toMatchObject({ ok: false, error: { waitingFor: "RingCentral's Heavy budget", retryable: true } });
  });
});
