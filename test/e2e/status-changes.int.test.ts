import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADA, AVAILABLE, adaNow, adaUntil, type SandboxUrls } from "../helpers/availability-scenario.ts";
import { initialWritesSettled, startTestHub, type TestHub } from "../helpers/hub.ts";
import { post, settle } from "../helpers/sandbox-state.ts";

/**
 * A person's status changes are deliveries, not values: an agent who flips LiveChat routing status
 * not accepting → accepting → not accepting within one second made three changes, and the third must take
 * effect everywhere (it once shared its dedupe key with the first and was dropped as a duplicate).
 * Reconciliation is off, so nothing can repair a lost change behind the test's back.
 */
let hub: TestHub;
let urls: SandboxUrls;

const AWAY = {
  livechat: "not_accepting_chats",
  ringcentral: "Busy/DoNotAcceptDepartmentCalls",
  chatwoot: "busy",
};

beforeAll(async () => {
  hub = await startTestHub({ worker: true, sandboxes: true, env: { RECONCILE_INTERVAL_SECONDS: "3600" } });
  const s = hub.sandboxes;
  if (!s) throw new Error("sandboxes did not start");
  urls = { livechat: s.livechat.url, ringcentral: s.ringcentral.url, chatwoot: s.chatwoot.url };
});
afterAll(async () => hub?.stop());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("status changes are never confused with duplicates", () => {
  it("not accepting → accepting → not accepting within one second: all three take effect", async () => {
    await initialWritesSettled(hub);
    expect((await adaUntil(urls, AVAILABLE)).value).toEqual(AVAILABLE);
    // Start just after a second boundary, so all three land within the same wall-clock second. Each change is
    // made once the hub has stored the previous one: the sandbox delivers concurrently, and a person's changes
    // reaching the hub out of order would be another test.
    await sleep(1000 - (Date.now() % 1000) + 20);
    const started = new Date(Date.now() - 50);
    const stored = async () =>
      (
        await hub.deps.database.pool.query<{ status: string; dedupe_key: string }>(
          `select status, dedupe_key from webhook_events
           where platform = 'livechat' and dedupe_key like $1 and received_at >= $2 order by received_at`,
          [`routing_status_set:${ADA.email}:%`, started],
        )
      ).rows;
    const routing = `${urls.livechat}/_sim/agents/${ADA.email}/routing-status`;
    for (const [i, status] of ["not_accepting_chats", "accepting_chats", "not_accepting_chats"].entries()) {
      await post(routing, { status });
      if (i < 2) await settle(stored, (rows) => rows.length > i, 2000);
    }
    await hub.sandboxes?.livechat.sim.webhooks.idle();

    expect((await stored()).map((e) => e.dedupe_key.split(":")[2])).toEqual([
      "not_accepting_chats",
      "accepting_chats",
      "not_accepting_chats",
    ]);
    // AWAY is also what the first change alone shows: look only once all three were processed and written.
    const processed = await settle(stored, (rows) => rows.every((r) => r.status === "processed"));
    expect(processed.value.map((r) => r.status)).toEqual(["processed", "processed", "processed"]);
    await initialWritesSettled(hub);
    const commands = await hub.deps.database.pool.query(
      "select kind, payload->'target' as target, status, created_at, completed_at, cause from commands where created_at > $1 order by id",
      [started],
    );
    expect(await adaNow(urls), JSON.stringify(commands.rows)).toEqual(AWAY);
    const agents = (await hub.api("GET", "/api/agents")).body as {
      items: Array<{ email: string; intent: { status: string; source: string } }>;
    };
    expect(agents.items.find((a) => a.email === ADA.email)?.intent).toMatchObject({
      status: "away",
      source: "livechat",
    });
  }, 60_000);
});
