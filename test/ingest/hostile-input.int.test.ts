import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PLATFORMS } from "../../src/domain/platform.ts";
import { processWebhook } from "../../src/jobs/process-webhook.ts";
import { newId } from "../../src/lib/ids.ts";
import { startTestHub, type TestHub } from "../helpers/hub.ts";
import { type CapturedLog, captureLog } from "../helpers/log-capture.ts";
import { labelValues, metricSeries } from "../helpers/metric-series.ts";
import { envelopeFor, SIGNERS, signBytes } from "../helpers/signers.ts";

/**
 * The holes an adversarial review found in the webhook routes (issue 11), one test each: every one of these
 * failed before the fix (503s, stack overflows, unbounded metric series, a readable secret, BOM inconsistency).
 */
let hub: TestHub;
let log: CapturedLog;
const conns = new Map<string, { id: string; secret: string }>();

beforeAll(async () => {
  log = captureLog();
  hub = await startTestHub({ worker: false, log: log.logger });
  for (const signer of SIGNERS) {
    const res = await hub.api("POST", "/api/connections", {
      platform: signer.platform,
      name: signer.platform,
      ...(signer.platform === "chatwoot" ? { webhookSecret: "chatwoot-issued-secret-0123" } : {}),
    });
    const body = res.body as { id: string; webhookSecret: string };
    conns.set(signer.platform, { id: body.id, secret: body.webhookSecret });
  }
});
afterAll(async () => hub?.stop());

const conn = (platform: string) => {
  const c = conns.get(platform);
  if (!c) throw new Error(`no ${platform} connection`);
  return c;
};

type Answer = { status: number; body: { error?: { code?: string; reason?: string; message?: string } } };
const post = async (path: string, headers: Record<string, string>, body: string | Buffer): Promise<Answer> => {
  const res = await fetch(`${hub.url}${path}`, { method: "POST", headers, body });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : {} };
};

const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;

describe("1. an unparsable or foreign content type is a 4xx with a reason, never a 503", () => {
  it.each(SIGNERS)("$platform: a valid delivery sent as `garbage///` → 415 unsupported_media_type", async (signer) => {
    const { id, secret } = conn(signer.platform);
    const req = signer.sign(secret, 1, Date.now());
    const res = await post(
      `/webhooks/${signer.platform}/${id}`,
      { ...req.headers, "content-type": "garbage///" },
      req.body,
    );
    expect(res.status).toBe(415);
    expect(res.body.error?.reason).toBe("unsupported_media_type");
  });

  it("a made-up platform or connection with `garbage///` → 404", async () => {
    const made = await post("/webhooks/nope/con_x", { "content-type": "garbage///" }, "{}");
    expect(made.status).toBe(404);
    const unknown = await post(`/webhooks/livechat/${newId("con")}`, { "content-type": "garbage///" }, "{}");
    expect(unknown.status).toBe(404);
  });

  it("logged nothing at error level", () => {
    expect(log.atLeast(50)).toEqual([]);
  });
});

describe("2. attacker-controlled depth is refused at ingest, before any recursive code", () => {
  it.each(SIGNERS)(
    "$platform: a 10,000-level array in an authenticated delivery → 400 json_too_deep",
    async (signer) => {
      const { id, secret } = conn(signer.platform);
      const body = Buffer.from(envelopeFor(signer.platform, secret, nested(10_000)));
      const res = await post(
        `/webhooks/${signer.platform}/${id}`,
        signBytes(signer.platform, secret, body, Date.now()),
        body,
      );
      expect(res.status).toBe(400);
      expect(res.body.error?.reason).toBe("json_too_deep");
    },
  );

  it("a stored event with such a body (as older versions stored them) still serialises through the API", async () => {
    const { id } = conn("ringcentral");
    const eventId = newId("evt");
    const raw = Buffer.from(envelopeFor("ringcentral", "x", nested(10_000)));
    await hub.deps.database.pool.query(
      `insert into webhook_events (id, workspace_id, platform, connection_id, dedupe_key, status, headers, raw_body, body_bytes, received_at)
       values ($1, $2, 'ringcentral', $3, $1, 'processed', '{}', $4, $5, now())`,
      [eventId, hub.workspaceId, id, raw, raw.length],
    );
    const res = await hub.api("GET", `/api/webhook-events/${eventId}`);
    expect(res.status).toBe(200);
    expect(typeof (res.body as { body: unknown }).body).toBe("string");
  });

  it("processing such a stored event fails it with a reason instead of overflowing the stack", async () => {
    const { id } = conn("chatwoot");
    const eventId = newId("evt");
    const raw = Buffer.from(envelopeFor("chatwoot", "x", nested(10_000)));
    await hub.deps.database.pool.query(
      `insert into webhook_events (id, workspace_id, platform, connection_id, dedupe_key, status, headers, raw_body, body_bytes, received_at)
       values ($1, $2, 'chatwoot', $3, $1, 'received', '{}', $4, $5, now())`,
      [eventId, hub.workspaceId, id, raw, raw.length],
    );
    await processWebhook(hub.deps, [], eventId);
    const res = await hub.api("GET", `/api/webhook-events/${eventId}`);
    expect(res.body).toMatchObject({
      status: "failed",
      errorDetails: { message: expect.stringContaining("64 levels") },
    });
  });
});

describe("3. unauthenticated requests cannot create metric series", () => {
  it("30 made-up platform names, with huge bodies and unparsable content types, add no label value", async () => {
    const before = await metricSeries(hub.url);
    const huge = Buffer.alloc(2 * 1024 * 1024, 0x7b);
    for (let i = 0; i < 30; i++) {
      const platform = `made-up-${i}-${Date.now()}`;
      const res = await post(
        `/webhooks/${platform}/con_x`,
        { "content-type": i % 2 ? "garbage///" : "application/json" },
        i % 3 ? "{}" : huge,
      );
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    const after = await metricSeries(hub.url);
    const platforms = [...labelValues(after, "platform")];
    expect(platforms.filter((p) => !(PLATFORMS as readonly string[]).includes(p) && p !== "unknown")).toEqual([]);
    // At most the `unknown` series appear, and they are the same for the 30th made-up name as for the first.
    expect([...after].filter((s) => !before.has(s) && !s.includes('platform="unknown"'))).toEqual([]);
  });
});

describe("6. one rule for byte-order marks and content types, the same on every platform", () => {
  it.each(SIGNERS)("$platform: a BOM before an authenticated body → 400 bad_encoding", async (signer) => {
    const { id, secret } = conn(signer.platform);
    const req = signer.sign(secret, 7, Date.now());
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(req.body)]);
    const res = await post(
      `/webhooks/${signer.platform}/${id}`,
      signBytes(signer.platform, secret, body, Date.now()),
      body,
    );
    expect(res.status).toBe(400);
    expect(res.body.error?.reason).toBe("bad_encoding");
  });

  it.each(SIGNERS)("$platform: an authenticated body sent as text/plain → 415", async (signer) => {
    const { id, secret } = conn(signer.platform);
    const req = signer.sign(secret, 8, Date.now());
    const res = await post(
      `/webhooks/${signer.platform}/${id}`,
      { ...req.headers, "content-type": "text/plain" },
      req.body,
    );
    expect(res.status).toBe(415);
    expect(res.body.error?.reason).toBe("unsupported_media_type");
  });

  it.each(SIGNERS)(
    "$platform: `application/json; charset=UTF-8` (what RingCentral sends) is accepted",
    async (signer) => {
      const { id, secret } = conn(signer.platform);
      const req = signer.sign(secret, 9, Date.now());
      const res = await post(
        `/webhooks/${signer.platform}/${id}`,
        { ...req.headers, "content-type": "application/json; charset=UTF-8" },
        req.body,
      );
      expect(res.status).toBe(200);
    },
  );
});
