import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../helpers/hub.ts";
import { SIGNERS, type SignedRequest } from "../helpers/signers.ts";

/** One generator of the standard webhook security cases, applied to every platform. */
let hub: TestHub;
const connections = new Map<string, { id: string; secret: string }>();
let n = 0;

beforeAll(async () => {
  hub = await startTestHub({ worker: false });
  for (const signer of SIGNERS) {
    const secret = `cw-issued-secret-${signer.platform}`;
    const res = await hub.api("POST", "/api/connections", {
      platform: signer.platform,
      name: `${signer.platform} test`,
      ...(signer.platform === "chatwoot" ? { webhookSecret: secret } : {}),
    });
    const body = res.body as { id: string; webhookSecret: string };
    connections.set(signer.platform, { id: body.id, secret: body.webhookSecret });
  }
});
afterAll(async () => hub?.stop());

const post = async (
  platform: string,
  connectionId: string,
  req: SignedRequest | { headers: Record<string, string>; body: string | Buffer },
) => {
  const res = await fetch(`${hub.url}/webhooks/${platform}/${connectionId}`, {
    method: "POST",
    headers: req.headers,
    body: req.body,
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : null,
  };
};

const count = async (sql: string, values: unknown[]) =>
  Number((await hub.deps.database.pool.query<{ n: string }>(sql, values)).rows[0]?.n);
const jobsFor = (eventId: string) =>
  count(
    `select count(*)::text as n from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
     where t.identifier = 'process-webhook' and j.payload->>'eventId' = $1`,
    [eventId],
  );
const rejected = (connectionId: string, reason: string) =>
  count(
    "select count(*)::text as n from webhook_events where connection_id = $1 and status = 'rejected' and reason = $2",
    [connectionId, reason],
  );

describe.each(SIGNERS)("$platform webhook security", (signer) => {
  const conn = () => {
    const c = connections.get(signer.platform);
    if (!c) throw new Error("connection missing");
    return c;
  };

  it("accepts a valid delivery: stores it once with one job", async () => {
    const res = await post(signer.platform, conn().id, signer.sign(conn().secret, ++n, Date.now()));
    expect(res.status).toBe(200);
    const eventId = String(res.body?.eventId);
    expect(
      await count("select count(*)::text as n from webhook_events where id = $1 and status = 'received'", [eventId]),
    ).toBe(1);
    expect(await jobsFor(eventId)).toBe(1);
  });

  it("rejects a tampered delivery with 401 and records it", async () => {
    const before = await count(
      "select count(*)::text as n from webhook_events where connection_id = $1 and status = 'rejected'",
      [conn().id],
    );
    const res = await post(signer.platform, conn().id, signer.tamper(signer.sign(conn().secret, ++n, Date.now())));
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: { code: "unauthorized" } });
    const after = await count(
      "select count(*)::text as n from webhook_events where connection_id = $1 and status = 'rejected'",
      [conn().id],
    );
    expect(after).toBe(before + 1);
  });

  it("rejects a delivery signed with the wrong secret", async () => {
    const res = await post(signer.platform, conn().id, signer.sign("not-the-secret-at-all", ++n, Date.now()));
    expect(res.status).toBe(401);
  });

  it.runIf(signer.stale)("rejects a stale timestamp", async () => {
    const res = await post(signer.platform, conn().id, signer.stale?.(conn().secret, ++n, Date.now()) as SignedRequest);
    expect(res.status).toBe(401);
    expect(await rejected(conn().id, "stale_timestamp")).toBeGreaterThan(0);
  });

  it("acknowledges a replay as a duplicate without a second event or job", async () => {
    const req = signer.sign(conn().secret, ++n, Date.now());
    const first = await post(signer.platform, conn().id, req);
    const second = await post(signer.platform, conn().id, req);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ duplicate: true });
    expect(await jobsFor(String(first.body?.eventId))).toBe(1);
  });

  it("answers 413 to an oversize body", async () => {
    const res = await post(signer.platform, conn().id, {
      headers: { "content-type": "application/json" },
      body: Buffer.alloc(2 * 1024 * 1024, 0x61),
    });
    expect(res.status).toBe(413);
    expect(await rejected(conn().id, "body_too_large")).toBeGreaterThan(0);
  });

  it("answers 400 or 401 to malformed JSON, and 400/401 to an empty body, never accepting either", async () => {
    const valid = signer.sign(conn().secret, ++n, Date.now());
    const malformed = await post(signer.platform, conn().id, { headers: valid.headers, body: "{not json" });
    const empty = await post(signer.platform, conn().id, { headers: valid.headers, body: "" });
    // Chatwoot signs the bytes, so a changed body fails the signature first (401); the others parse first (400).
    expect([400, 401]).toContain(malformed.status);
    expect([400, 401]).toContain(empty.status);
    if (signer.platform !== "chatwoot") {
      expect(malformed.status).toBe(400);
      expect(empty.status).toBe(400);
    }
  });

  it("answers 404 for an unknown connection and for a platform mismatch", async () => {
    const req = signer.sign(conn().secret, ++n, Date.now());
    expect((await post(signer.platform, "con_00000000000000000000zz", req)).status).toBe(404);
    expect((await post(signer.platform, "../../etc/passwd", req)).status).toBe(404);
    const other = SIGNERS.find((s) => s.platform !== signer.platform)?.platform ?? "livechat";
    expect((await post(other, conn().id, req)).status).toBe(404);
    expect((await post("unknown-platform", conn().id, req)).status).toBe(404);
  });

  it("answers the subscription handshake (where the platform has one) without storing anything", async () => {
    const before = await count("select count(*)::text as n from webhook_events where connection_id = $1", [conn().id]);
    const handshake = signer.handshake?.() ?? {
      headers: { "validation-token": "abc" },
      expectHeader: ["validation-token", "abc"] as [string, string],
    };
    const res = await post(signer.platform, conn().id, { headers: handshake.headers, body: "" });
    if (signer.handshake) {
      expect(res.status).toBe(200);
      expect(res.headers.get(handshake.expectHeader[0])).toBe(handshake.expectHeader[1]);
      const after = await count("select count(*)::text as n from webhook_events where connection_id = $1", [conn().id]);
      expect(after).toBe(before);
    } else {
      // No handshake on this platform: a validation header is just an unauthenticated request.
      expect(res.headers.get("validation-token")).toBeNull();
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
  });
});
