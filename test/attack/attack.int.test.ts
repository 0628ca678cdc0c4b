import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PLATFORMS } from "../../src/domain/platform.ts";
import { REJECTION_CODES } from "../../src/ingest/route.ts";
import { newId } from "../../src/lib/ids.ts";
import { startTestHub, type TestHub } from "../helpers/hub.ts";
import { type CapturedLog, captureLog } from "../helpers/log-capture.ts";
import { labelValues, metricSeries } from "../helpers/metric-series.ts";
import { livechatSigner } from "../helpers/signers.ts";
import { type AttackCase, type AttackContext, CASES } from "./cases.ts";
import { type RawResponse, rawRequest } from "./raw-http.ts";
import { isWebhook, TARGETS, type Target } from "./targets.ts";

/**
 * The generated attack suite (issue 11): every hostile request in cases.ts against every route in targets.ts, on
 * one hub. Each answer must be a 4xx with a reason (or, where the route never reads what was hostile, a 2xx), never
 * a 5xx or a dropped connection; /health/live stays 200 after every request; nothing secret appears in a reply or
 * in the log; no error is logged; /metrics gains no series outside the closed label lists, and a second round of
 * made-up names adds none at all.
 */
type Variant = "anonymous" | "admin";

let hub: TestHub;
let log: CapturedLog;
let port: number;
const ids: Record<string, string> = {};
let ctx: AttackContext;
let secrets: string[];
let seriesBefore: Set<string>;

beforeAll(async () => {
  log = captureLog();
  hub = await startTestHub({ worker: false, log: log.logger });
  port = Number(new URL(hub.url).port);
  const made: string[] = [];
  for (const platform of PLATFORMS) {
    const res = await hub.api("POST", "/api/connections", {
      platform,
      name: `attack ${platform}`,
      ...(platform === "chatwoot" ? { webhookSecret: `cw-${randomBytes(12).toString("hex")}` } : {}),
    });
    const created = res.body as { id: string; webhookSecret: string };
    ids[platform] = created.id;
    made.push(created.webhookSecret);
  }
  const agent = await hub.api("POST", "/api/agents", { name: "Target Agent", email: "target.agent@example.test" });
  ids.agent = (agent.body as { id: string }).id;
  const signed = livechatSigner.sign(made[0] ?? "", 1, Date.now());
  const hook = await fetch(`${hub.url}/webhooks/livechat/${ids.livechat}`, { method: "POST", ...signed });
  ids.event = ((await hook.json()) as { eventId: string }).eventId;
  ids.dashboardFile = "agents";
  ctx = { secrets: made, password: `pw-${randomBytes(9).toString("hex")}` };
  secrets = [...made, ctx.password, hub.adminKey];
  seriesBefore = await metricSeries(hub.url);
});
afterAll(async () => hub?.stop());

/** Fills `{name}`s; a path case's hostile id replaces the last one (or is appended when there is none). */
function pathFor(target: Target, hostileId?: string): string {
  let path = target.path;
  if (hostileId !== undefined) {
    const last = [...path.matchAll(/\{(\w+)\}/g)].at(-1);
    path =
      last?.index === undefined
        ? `${path}/${hostileId}`
        : `${path.slice(0, last.index)}${hostileId}${path.slice(last.index + last[0].length)}`;
  }
  return path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    if (name === "madeUpPlatform") return `made-up-${randomBytes(4).toString("hex")}`;
    if (name === "madeUpConnection") return newId("con");
    const id = ids[name];
    if (!id) throw new Error(`targets.ts names {${name}}: seed it in attack.int.test.ts`);
    return id;
  });
}

/** Whether the answer must be a 4xx: see AttackCase's kinds. */
function mustRefuse(target: Target, variant: Variant, c: AttackCase): boolean {
  if (target.spa) return false;
  if (c.kind !== "body") return true;
  if (target.access === "guarded" && variant === "anonymous") return true;
  if (target.method === "GET") return false;
  return c.level === "schema" ? target.bodySchema : true;
}

const reasonOf = (res: RawResponse): string | undefined => {
  try {
    const error = (JSON.parse(res.body) as { error?: { message?: unknown; code?: unknown } }).error;
    return typeof error?.message === "string" && typeof error.code === "string" && error.message !== ""
      ? error.message
      : undefined;
  } catch {
    return undefined;
  }
};

/** Sends every case to one target; returns what went wrong, one line per case. */
async function attack(target: Target, variant: Variant): Promise<string[]> {
  const failures: string[] = [];
  for (const c of CASES) {
    const request = c.build({ method: target.method, path: pathFor(target, c.id) }, ctx);
    if (variant === "admin") request.headers = [...request.headers, ["authorization", `Bearer ${hub.adminKey}`]];
    const where = `${c.name}`;
    let res: RawResponse;
    try {
      res = await rawRequest(port, request);
    } catch (error) {
      failures.push(`${where}: ${String(error)}`);
      continue;
    }
    if (res.status >= 500 || !(res.status >= 200)) failures.push(`${where}: ${res.status} ${res.body.slice(0, 200)}`);
    else if (mustRefuse(target, variant, c)) {
      if (res.status < 400) failures.push(`${where}: ${res.status}, expected a 4xx`);
      else if (!reasonOf(res)) failures.push(`${where}: ${res.status} without a reason: ${res.body.slice(0, 200)}`);
    }
    const reply = `${JSON.stringify(res.headers)}${res.body}`;
    for (const secret of secrets) if (reply.includes(secret)) failures.push(`${where}: the reply shows a secret`);
    if (target.spa && /devDependencies|root:x:0/.test(res.body))
      failures.push(`${where}: served a file outside the dashboard`);
    const requestId = res.headers["x-request-id"];
    if (requestId !== undefined && !/^[\w.-]{1,64}$/.test(requestId)) failures.push(`${where}: echoed x-request-id`);
    const live = await fetch(`${hub.url}/health/live`);
    if (live.status !== 200) failures.push(`${where}: /health/live answered ${live.status} afterwards`);
    await live.arrayBuffer();
  }
  return failures;
}

const label = (t: Target, v: Variant) => `${t.method} ${t.path}${v === "admin" ? " (with the admin key)" : ""}`;
const RUNS: Array<[string, Target, Variant]> = [
  ...TARGETS.map((t): [string, Target, Variant] => [label(t, "anonymous"), t, "anonymous"]),
  ...TARGETS.filter((t) => t.withAdmin).map((t): [string, Target, Variant] => [label(t, "admin"), t, "admin"]),
];

describe(`attack suite: ${CASES.length} hostile requests × ${RUNS.length} routes`, () => {
  it.each(RUNS)("%s", async (_label, target, variant) => {
    expect(await attack(target, variant)).toEqual([]);
  });

  it("/metrics gained no label value outside the closed lists", async () => {
    const after = await metricSeries(hub.url);
    const added = [...after].filter((s) => !seriesBefore.has(s));
    const allowed: Record<string, Set<string>> = {
      platform: new Set([...PLATFORMS, "unknown"]),
      reason: new Set(Object.keys(REJECTION_CODES)),
      outcome: new Set(["accepted", "duplicate", "handshake", "rejected", "error"]),
    };
    for (const [name, values] of Object.entries(allowed)) {
      expect([...labelValues(added, name)].filter((v) => !values.has(v))).toEqual([]);
    }
    expect(labelValues(added, "connection").size).toBe(0);
  });

  it("a second round with fresh made-up names and ids adds no series at all", async () => {
    const before = await metricSeries(hub.url);
    for (const target of TARGETS.filter(isWebhook)) expect(await attack(target, "anonymous")).toEqual([]);
    const after = await metricSeries(hub.url);
    expect([...after].filter((s) => !before.has(s))).toEqual([]);
  });

  it("logged no error and nothing secret", () => {
    expect(log.atLeast(50).map((l) => l.msg)).toEqual([]);
    const text = log.text();
    expect(secrets.filter((s) => text.includes(s))).toEqual([]);
  });

  it("polluted no prototype", () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
