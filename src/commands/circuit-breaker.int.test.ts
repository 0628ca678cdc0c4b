import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../../test/helpers/hub.ts";
import { countQueries } from "../../test/helpers/query-count.ts";
import { commands, connections } from "../db/schema/index.ts";
import { createDeps, type Deps } from "../deps.ts";
import { createLogger } from "../lib/logger.ts";
import { CircuitBreaker } from "./circuit-breaker.ts";
import { executeCommand } from "./execute.ts";
import { issueCommands } from "./repo.ts";

/**
 * Two worker processes (two sets of deps, each with its own pool and breaker) over one database: when one of them
 * opens a connection's circuit, the other holds its commands too, without spending an attempt.
 */
let hub: TestHub;
let workerB: Deps;
let rcConnection = "";
let rcUrl = "";

beforeAll(async () => {
  hub = await startTestHub({ sandboxes: true });
  workerB = createDeps(hub.deps.config, hub.deps.database.url, createLogger("silent"));
  const [rc] = await hub.deps.database.db
    .select()
    .from(connections)
    .where(and(eq(connections.workspaceId, hub.workspaceId), eq(connections.platform, "ringcentral")));
  rcConnection = rc?.id ?? "";
  rcUrl = hub.sandboxes?.ringcentral.url ?? "";
});
afterAll(async () => {
  await workerB?.database.close();
  await hub?.stop();
});

async function newPost(key: string): Promise<string> {
  const [id] = await issueCommands(hub.deps.database.db, [
    {
      workspaceId: hub.workspaceId,
      connectionId: rcConnection,
      platform: "ringcentral",
      idempotencyKey: key,
      payload: { kind: "ringcentral.post_message", email: "ada@switchboard.demo", text: `hello ${key}` },
    },
  ]);
  if (!id) throw new Error("no command issued");
  return id;
}

const row = async (id: string) => {
  const [cmd] = await hub.deps.database.db.select().from(commands).where(eq(commands.id, id));
  if (!cmd) throw new Error(`no command ${id}`);
  return cmd;
};

const postsSeen = async () => {
  const res = await fetch(`${rcUrl}/_sim/requests?path=/posts&method=POST`);
  return ((await res.json()) as unknown[]).length;
};

describe("the circuit breaker across worker processes", () => {
  it("a healthy connection costs no query for the breaker", async () => {
    const breaker = new CircuitBreaker(hub.deps.database.db);
    // The first command warms the connection's client (token, budget rows); the steady state is what counts.
    await executeCommand(hub.deps, breaker, await newPost("warm"));
    const id = await newPost("steady");
    const { queries } = await countQueries(() => executeCommand(hub.deps, breaker, id));
    expect((await row(id)).status).toBe("succeeded");
    expect(await breaker.stateOf(rcConnection)).toBeNull();
    // Recorded in bench/README.md: 12 statements per successful command before the breaker moved to PostgreSQL.
    expect(queries).toBeLessThanOrEqual(12);
  });

  it("opens at one worker, and the other holds its commands without spending attempts", async () => {
    const a = new CircuitBreaker(hub.deps.database.db, { threshold: 2, openMs: 60_000 });
    const b = new CircuitBreaker(workerB.database.db, { threshold: 2, openMs: 60_000 });
    const inject = await fetch(`${rcUrl}/_sim/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ http: [{ path: "/posts", status: 503, count: 2 }] }),
    });
    expect(inject.ok).toBe(true);
    for (const key of ["down-1", "down-2"]) {
      const id = await newPost(key);
      await executeCommand(hub.deps, a, id);
      expect(await row(id)).toMatchObject({ status: "failed", attempts: 1 });
    }
    expect((await b.stateOf(rcConnection))?.failures).toBe(2);

    const before = await postsSeen();
    const held = await newPost("held-at-b");
    await executeCommand(workerB, b, held);
    const cmd = await row(held);
    expect(cmd).toMatchObject({ status: "pending", attempts: 0 });
    expect(cmd.waitingReason).toMatch(/circuit open/);
    expect(cmd.waitingUntil?.getTime()).toBeGreaterThan(Date.now() + 50_000);
    expect(await postsSeen()).toBe(before);
  });

  it("lets exactly one worker take the trial once the cool-down is over, and a success closes it", async () => {
    const a = new CircuitBreaker(hub.deps.database.db, { threshold: 2, openMs: 60_000 });
    const b = new CircuitBreaker(workerB.database.db, { threshold: 2, openMs: 60_000 });
    const later = Date.now() + 61_000;
    const state = await a.stateOf(rcConnection);
    const waits = await Promise.all([a.waitMs(rcConnection, state, later), b.waitMs(rcConnection, state, later)]);
    expect(waits.filter((w) => w === 0)).toHaveLength(1);
    await b.succeeded(rcConnection, state);
    expect(await a.stateOf(rcConnection)).toBeNull();
  });

  it("takes its time from deps.now: a command run on a fake clock is stamped and rescheduled by that clock", async () => {
    const fixed = Date.parse("2031-03-04T05:06:07.000Z");
    const onFakeClock: Deps = { ...hub.deps, now: () => fixed };
    const breaker = new CircuitBreaker(hub.deps.database.db);
    const ok = await newPost("fake-clock-ok");
    await executeCommand(onFakeClock, breaker, ok);
    const done = await row(ok);
    expect(done.status).toBe("succeeded");
    expect(done.completedAt?.getTime()).toBe(fixed);
    expect(done.updatedAt.getTime()).toBe(fixed);

    await fetch(`${rcUrl}/_sim/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ http: [{ path: "/posts", status: 503, count: 1 }] }),
    });
    const retried = await newPost("fake-clock-retry");
    await executeCommand(onFakeClock, breaker, retried);
    const cmd = await row(retried);
    expect(cmd.status).toBe("failed");
    const delay = (cmd.waitingUntil?.getTime() ?? 0) - fixed;
    expect(delay).toBeGreaterThan(0);
    expect(delay).toBeLessThan(10 * 60_000);
    await breaker.succeeded(rcConnection, await breaker.stateOf(rcConnection));
  });
});
