import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../../test/helpers/hub.ts";
import { commands, connections } from "../db/schema/index.ts";
import { CircuitBreaker } from "./circuit-breaker.ts";
import { executeCommand } from "./execute.ts";
import { issueCommands } from "./repo.ts";

/**
 * Waiting for a rate-limit window is not a failed attempt: a command held by RingCentral's budget (ours, shared
 * in PostgreSQL, or the sandbox's 429) is rescheduled with its attempts unchanged, and never dead-letters.
 */
let hub: TestHub;
let rcConnection = "";
let rcUrl = "";

beforeAll(async () => {
  hub = await startTestHub({ sandboxes: true });
  const [rc] = await hub.deps.database.db
    .select()
    .from(connections)
    .where(and(eq(connections.workspaceId, hub.workspaceId), eq(connections.platform, "ringcentral")));
  rcConnection = rc?.id ?? "";
  rcUrl = hub.sandboxes?.ringcentral.url ?? "";
});

afterAll(async () => {
  await hub.stop();
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

describe("a command waiting for RingCentral's budget", () => {
  it("keeps its attempts, is never dead-lettered, and says what it waits for until when", async () => {
    // Another process spent this minute's Medium budget.
    for (let i = 0; i < 40; i++) await hub.deps.ringcentralBudget.acquire(rcConnection, "Medium", "availability");
    const id = await newPost("wait-budget");
    const breaker = new CircuitBreaker(hub.deps.database.db);
    // More runs than the command has attempts: each is a wake-up at the end of a window that is still spent.
    for (let run = 0; run < 10; run++) await executeCommand(hub.deps, breaker, id);
    const cmd = await row(id);
    expect(cmd.status).toBe("pending");
    expect(cmd.attempts).toBe(0);
    expect(cmd.waitingReason).toBe("RingCentral's Medium budget");
    expect(cmd.waitingUntil?.getTime()).toBeGreaterThan(Date.now() + 30_000);

    const api = await hub.api("GET", `/api/commands/${id}`);
    expect(api.body).toMatchObject({
      status: "pending",
      state: { name: "waiting", reason: "RingCentral's Medium budget", canRetry: false, attempt: 1 },
    });
    const summary = (api.body as { state: { summary: string } }).state.summary;
    expect(summary).toMatch(/^waiting for RingCentral's Medium budget until \d{4}-\d\d-\d\dT/);
  });

  it("treats the sandbox's 429 as a window too, not an attempt", async () => {
    await hub.deps.ringcentralBudget.reset(rcConnection);
    const inject = await fetch(`${rcUrl}/_sim/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ http: [{ path: "/posts", status: 429, retryAfter: 7 }] }),
    });
    expect(inject.ok).toBe(true);
    const id = await newPost("wait-429");
    await executeCommand(hub.deps, new CircuitBreaker(hub.deps.database.db), id);
    const cmd = await row(id);
    expect(cmd).toMatchObject({ status: "pending", attempts: 0, waitingReason: "RingCentral's Medium budget" });
    // The penalty holds every process back: the budget itself now refuses Medium until Retry-After passes.
    const slot = await hub.deps.ringcentralBudget.acquire(rcConnection, "Medium", "availability");
    expect(slot.ok).toBe(false);
  });
});
