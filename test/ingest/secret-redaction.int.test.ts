import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../helpers/hub.ts";
import { type CapturedLog, captureLog } from "../helpers/log-capture.ts";
import { envelopeFor, signBytes } from "../helpers/signers.ts";

/**
 * Secrets never leave the hub (issue 11): each kind of rejection is posted carrying a real secret (or a near miss
 * of one), then every API answer a supervisor can read, the stored rows themselves and the log are searched for it.
 */
let hub: TestHub;
let log: CapturedLog;
type Conn = { id: string; secret: string };
let lc: Conn;
let lc2: Conn;
let rc: Conn;
let cw: Conn;

const create = async (platform: string, extra: Record<string, unknown> = {}): Promise<Conn> => {
  const res = await hub.api("POST", "/api/connections", { platform, name: `${platform} ${Math.random()}`, ...extra });
  const body = res.body as { id: string; webhookSecret: string };
  return { id: body.id, secret: body.webhookSecret };
};

beforeAll(async () => {
  log = captureLog();
  hub = await startTestHub({ worker: false, log: log.logger });
  lc = await create("livechat");
  lc2 = await create("livechat");
  rc = await create("ringcentral");
  cw = await create("chatwoot", { webhookSecret: "chatwoot-issued-secret-9f8e7d6c" });
});
afterAll(async () => hub?.stop());

const post = async (path: string, headers: Record<string, string>, body: string | Buffer) => {
  const res = await fetch(`${hub.url}${path}`, { method: "POST", headers, body });
  return { status: res.status, text: await res.text() };
};
const JSON_CT = { "content-type": "application/json" };
const lcBody = (secret: string, rest = ',"action":"incoming_event","payload":{"chat_id":"C"}}') =>
  `{"secret_key":${JSON.stringify(secret)}${rest}`;

/** Each kind of rejection, carrying a secret; `shows` is what must never be readable afterwards. */
const KINDS: Array<{
  name: string;
  reason: string;
  send: () => Promise<{ status: number; text: string }>;
  shows: () => string;
}> = [
  {
    name: "LiveChat, cut-off JSON with the right secret",
    reason: "malformed_json",
    send: () => post(`/webhooks/livechat/${lc.id}`, JSON_CT, lcBody(lc.secret).slice(0, 60)),
    shows: () => lc.secret,
  },
  {
    name: "LiveChat, the right secret and no payload",
    reason: "invalid_envelope",
    send: () => post(`/webhooks/livechat/${lc.id}`, JSON_CT, lcBody(lc.secret, ',"action":"incoming_event"}')),
    shows: () => lc.secret,
  },
  {
    name: "LiveChat, the right secret posted to another connection's URL",
    reason: "bad_secret",
    send: () => post(`/webhooks/livechat/${lc2.id}`, JSON_CT, lcBody(lc.secret)),
    shows: () => lc.secret,
  },
  {
    name: "LiveChat, a near miss of the secret",
    reason: "bad_secret",
    send: () => post(`/webhooks/livechat/${lc.id}`, JSON_CT, lcBody(`${lc.secret.slice(0, -1)}#`)),
    shows: () => `${lc.secret.slice(0, -1)}#`,
  },
  {
    name: "LiveChat, the secret nested deeper and the body cut off",
    reason: "malformed_json",
    send: () => post(`/webhooks/livechat/${lc.id}`, JSON_CT, `{"payload":{"x":{"secret_key" : "${lc.secret}`),
    shows: () => lc.secret,
  },
  {
    name: "LiveChat, the right secret sent as text/plain",
    reason: "unsupported_media_type",
    send: () => post(`/webhooks/livechat/${lc.id}`, { "content-type": "text/plain" }, lcBody(lc.secret)),
    shows: () => lc.secret,
  },
  {
    name: "LiveChat, the right secret behind a byte-order mark",
    reason: "bad_encoding",
    send: () =>
      post(
        `/webhooks/livechat/${lc.id}`,
        JSON_CT,
        Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lcBody(lc.secret))]),
      ),
    shows: () => lc.secret,
  },
  {
    name: "LiveChat, the right secret in bytes that are not UTF-8",
    reason: "bad_encoding",
    send: () =>
      post(
        `/webhooks/livechat/${lc.id}`,
        JSON_CT,
        Buffer.concat([Buffer.from(lcBody(lc.secret)), Buffer.from([0xff, 0xfe])]),
      ),
    shows: () => lc.secret,
  },
  {
    name: "LiveChat, the right secret around JSON nested too deep",
    reason: "json_too_deep",
    send: () =>
      post(
        `/webhooks/livechat/${lc.id}`,
        JSON_CT,
        envelopeFor("livechat", lc.secret, `${"[".repeat(100)}${"]".repeat(100)}`),
      ),
    shows: () => lc.secret,
  },
  {
    name: "LiveChat body with its secret posted to a RingCentral URL",
    reason: "platform_mismatch",
    send: () => post(`/webhooks/livechat/${rc.id}`, JSON_CT, lcBody(lc.secret)),
    shows: () => lc.secret,
  },
  {
    name: "RingCentral, the right token and a cut-off body",
    reason: "malformed_json",
    send: () =>
      post(`/webhooks/ringcentral/${rc.id}`, { ...JSON_CT, "verification-token": rc.secret }, '{"uuid":"u1","ev'),
    shows: () => rc.secret,
  },
  {
    name: "RingCentral, a near miss of the token",
    reason: "bad_secret",
    send: () =>
      post(
        `/webhooks/ringcentral/${rc.id}`,
        { ...JSON_CT, "verification-token": `${rc.secret}0` },
        '{"uuid":"u2","event":"/x"}',
      ),
    shows: () => `${rc.secret}0`,
  },
  {
    name: "RingCentral, the token in the user agent and the body",
    reason: "bad_secret",
    send: () =>
      post(
        `/webhooks/ringcentral/${rc.id}`,
        { ...JSON_CT, "verification-token": "wrong-token-value", "user-agent": `agent ${rc.secret}` },
        `{"uuid":"u3","event":"/x","token":"${rc.secret}"}`,
      ),
    shows: () => rc.secret,
  },
  {
    name: "Chatwoot, signed right but stale, with the secret in the body",
    reason: "stale_timestamp",
    send: () => {
      const body = Buffer.from(`{"event":"message_created","note":"${cw.secret}"}`);
      return post(`/webhooks/chatwoot/${cw.id}`, signBytes("chatwoot", cw.secret, body, Date.now() - 3_600_000), body);
    },
    shows: () => cw.secret,
  },
  {
    name: "Chatwoot, a signature made with a near miss of the secret",
    reason: "bad_signature",
    send: () => {
      const body = Buffer.from('{"event":"message_created"}');
      return post(`/webhooks/chatwoot/${cw.id}`, signBytes("chatwoot", `${cw.secret}x`, body, Date.now()), body);
    },
    shows: () => `${cw.secret}x`,
  },
];

describe("rejected webhooks never show a secret", () => {
  it.each(KINDS)("$name → $reason, the reply shows nothing", async (kind) => {
    const res = await kind.send();
    expect(JSON.parse(res.text)).toMatchObject({ error: { reason: kind.reason } });
    expect(res.text).not.toContain(kind.shows());
  });

  it("every rejection was stored, and no stored row holds a secret", async () => {
    const rows = await hub.deps.database.pool.query<{ reason: string; raw_body: Buffer; headers: unknown }>(
      "select reason, raw_body, headers from webhook_events where status = 'rejected'",
    );
    expect(rows.rows.length).toBe(KINDS.length);
    const stored = rows.rows.map((r) => `${r.raw_body.toString("latin1")} ${JSON.stringify(r.headers)}`).join("\n");
    expect(KINDS.filter((k) => stored.includes(k.shows())).map((k) => k.name)).toEqual([]);
    expect(stored).toContain("[redacted]");
  });

  it("no API answer a supervisor can read shows one: every list and every event in full", async () => {
    const answers: string[] = [];
    const listRoutes = hub.app.routeAccess.filter(
      (r) => r.method === "GET" && r.url.startsWith("/api/") && !r.url.includes(":") && r.url !== "/api/stream",
    );
    for (const r of listRoutes) answers.push(JSON.stringify((await hub.api("GET", r.url)).body));
    const events = (await hub.api("GET", "/api/webhook-events?limit=200")).body as { items: Array<{ id: string }> };
    expect(events.items.length).toBe(KINDS.length);
    for (const e of events.items)
      answers.push(JSON.stringify((await hub.api("GET", `/api/webhook-events/${e.id}`)).body));
    for (const c of [lc, lc2, rc, cw])
      answers.push(JSON.stringify((await hub.api("GET", `/api/connections/${c.id}`)).body));
    const all = answers.join("\n");
    expect(KINDS.filter((k) => all.includes(k.shows())).map((k) => k.name)).toEqual([]);
  });

  it("the log shows none", () => {
    const text = log.text();
    expect(text).toContain("webhook rejected");
    expect(KINDS.filter((k) => text.includes(k.shows())).map((k) => k.name)).toEqual([]);
  });
});
