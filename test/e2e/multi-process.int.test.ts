import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { availabilityLedger } from "../helpers/availability-ledger.ts";
import { ADA, backToAvailable, manualAwaySurvivesCalls, walkTheDay } from "../helpers/availability-scenario.ts";
import { type EventStream, openEventStream } from "../helpers/event-stream.ts";
import { type HubCluster, startHubCluster } from "../helpers/hub-cluster.ts";
import { errorLines, formatLines, scrapeCounter } from "../helpers/hub-process.ts";

/**
 * The production shape: two `serve --no-worker` and two `worker` processes of their own against one PostgreSQL,
 * LiveChat's webhooks arriving at web #1 and RingCentral's at web #2, a dashboard watching web #2. The same day as
 * the single-process scenario (availability.int.test.ts) must end in the same platform states, with every
 * decision sent once, whichever process took which event or job.
 */
let cluster: HubCluster;
let live: EventStream;
let urls: { livechat: string; ringcentral: string; chatwoot: string };

beforeAll(async () => {
  cluster = await startHubCluster({
    webs: 2,
    workers: 2,
    webhooksTo: { livechat: 0, ringcentral: 1, chatwoot: 0 },
    env: { RECONCILE_INTERVAL_SECONDS: "3600" },
  });
  const s = cluster.sandboxes;
  urls = { livechat: s.livechat.url, ringcentral: s.ringcentral.url, chatwoot: s.chatwoot.url };
  const web2 = cluster.webs[1]?.url ?? "";
  live = await openEventStream(`${web2}/api/stream`, { authorization: `Bearer ${cluster.adminKey}` });
}, 180_000);
afterAll(async () => {
  live?.close();
  await cluster?.stop();
});

async function adaId(): Promise<string> {
  const res = await cluster.api(1, "GET", "/api/agents");
  const id = (res.body as { items: Array<{ id: string; email: string }> }).items.find((a) => a.email === ADA.email)?.id;
  if (!id) throw new Error("no Ada");
  return id;
}

describe("two web and two worker processes on one PostgreSQL", () => {
  it("runs each part as its own ready process, and the dashboard stream of web #2 is open", async () => {
    const all = [...cluster.webs, ...cluster.workers];
    expect(new Set(all.map((p) => p.pid)).size).toBe(4);
    // Their logs are being captured (the error-level check at the end would otherwise pass vacuously).
    for (const p of all)
      expect(
        p.lines.some((l) => l.level !== null),
        p.name,
      ).toBe(true);
    for (const p of cluster.webs) {
      const ready = await (await fetch(`${p.url}/health/ready`)).json();
      expect(ready, p.name).toMatchObject({ status: "ready", checks: { worker: "external" } });
    }
    for (const p of cluster.workers) {
      const ready = await (await fetch(`${p.url}/health/ready`)).json();
      expect(ready, p.name).toMatchObject({ status: "ready", checks: { worker: "ok" } });
      // A worker serves no API: only health and metrics.
      expect((await fetch(`${p.url}/api/agents`)).status, p.name).toBe(404);
    }
    expect(live.status).toBe(200);
  });

  it("discovers the demo team through either web process", async () => {
    for (const web of [0, 1]) {
      const res = await cluster.api(web, "GET", "/api/agents");
      const items = (res.body as { items: Array<{ email: string; platforms: Array<{ platform: string }> }> }).items;
      const ada = items.find((a) => a.email === ADA.email);
      expect(ada?.platforms.map((p) => p.platform).sort()).toEqual(["chatwoot", "livechat", "ringcentral"]);
      expect(items.filter((a) => a.platforms.length === 3)).toHaveLength(8);
    }
  });

  it("walks the whole day, and a dashboard on web #2 hears of the chat web #1 took in", async () => {
    const ada = await adaId();
    const seen = live.events.length;
    await walkTheDay(urls, {
      afterChat: async () => {
        const heard = await live.waitFor((e) => live.events.indexOf(e) >= seen && e.id === ada);
        expect(heard).toEqual({ workspaceId: cluster.workspaceId, type: "agent.updated", id: ada });
      },
    });
  });

  it("never forces back an agent who set 'not accepting' by hand, after later calls end", async () => {
    await manualAwaySurvivesCalls(urls, () => cluster.sandboxes.ringcentral.sim.webhooks.idle());
    const agents = (await cluster.api(0, "GET", "/api/agents")).body as {
      items: Array<{ email: string; intent: { status: string; source: string } }>;
    };
    expect(agents.items.find((a) => a.email === ADA.email)?.intent).toMatchObject({
      status: "away",
      source: "livechat",
    });
  });

  it("returns an agent to available everywhere when they choose it on one platform", async () => {
    await backToAvailable(urls);
  });

  it("took each platform's webhooks in at the web process they were registered with", async () => {
    const [web1, web2] = cluster.webs.map((w) => w.url);
    const received = async (url: string | undefined, platform: string) =>
      url ? scrapeCounter(url, "switchboard_webhooks_received_total", { platform }) : Number.NaN;
    expect(await received(web1, "livechat")).toBeGreaterThan(0);
    expect(await received(web1, "ringcentral")).toBe(0);
    expect(await received(web2, "ringcentral")).toBeGreaterThan(0);
    expect(await received(web2, "livechat")).toBe(0);
  });

  it("made each availability decision once and wrote it to each platform once", async () => {
    const ledger = await availabilityLedger(cluster);
    expect(ledger.unsettled, "commands still pending after the deadline").toEqual([]);
    expect(ledger.duplicateDecisions, "decisions with more than one command row").toEqual([]);
    for (const p of ledger.platforms) {
      expect(p.writes, `${p.platform}: writes received vs. attempts made`).toBe(p.attempts);
      expect(p.writes, `${p.platform}: writes received vs. succeeded commands`).toBeLessThanOrEqual(p.succeeded);
    }
    expect(ledger.platforms.every((p) => p.succeeded > 0)).toBe(true);
  });

  it("records the calls with duration and result, and the availability history", async () => {
    const history = await cluster.api(1, "GET", `/api/agents/${await adaId()}/availability-history?limit=200`);
    const items = (history.body as { items: Array<{ kind: string; cause: string | null }> }).items;
    expect(items.some((h) => h.kind === "intent" && h.cause?.startsWith("evt_"))).toBe(true);
    expect(items.some((h) => h.kind.startsWith("engagement"))).toBe(true);
    const calls = await cluster.deps.database.pool.query<{ status: string; details: { durationSec?: number } }>(
      "select status, details from conversations where channel = 'call'",
    );
    expect(calls.rows.length).toBeGreaterThanOrEqual(3);
    expect(calls.rows.every((c) => c.status === "ended" && typeof c.details.durationSec === "number")).toBe(true);
  });

  it("stops every process on SIGTERM, none having logged an error during the whole run", async () => {
    const all = [...cluster.webs, ...cluster.workers];
    await Promise.all(all.map((p) => p.stop()));
    expect(errorLines(all), "lines logged at error level (or raw stderr)").toEqual([]);
  });

  it("lets each process finish its graceful shutdown: 'stopped' logged, exit code 0", () => {
    const all = [...cluster.webs, ...cluster.workers];
    const unclean = all
      .filter((p) => p.exit()?.code !== 0 || !p.lines.some((l) => l.text.includes('"msg":"stopped"')))
      .map((p) => `${p.name} ${JSON.stringify(p.exit())}:\n${formatLines(p, 8)}`);
    expect(unclean, "processes cut short on SIGTERM").toEqual([]);
  });
});
