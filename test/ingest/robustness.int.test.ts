import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../helpers/hub.ts";
import { SIGNERS } from "../helpers/signers.ts";

let hub: TestHub;
const conns = new Map<string, { id: string; secret: string }>();

beforeAll(async () => {
  hub = await startTestHub({ worker: false });
  for (const signer of SIGNERS) {
    const res = await hub.api("POST", "/api/connections", {
      platform: signer.platform,
      name: signer.platform,
      ...(signer.platform === "chatwoot" ? { webhookSecret: "chatwoot-issued-secret" } : {}),
    });
    const body = res.body as { id: string; webhookSecret: string };
    conns.set(signer.platform, { id: body.id, secret: body.webhookSecret });
  }
});
afterAll(async () => hub?.stop());

const countRows = async (sql: string, values: unknown[] = []) =>
  Number((await hub.deps.database.pool.query<{ n: string }>(sql, values)).rows[0]?.n);

describe("the same webhook sent 100 times concurrently", () => {
  it.each(SIGNERS)("$platform: exactly one stored event and one job", async (signer) => {
    const conn = conns.get(signer.platform);
    if (!conn) throw new Error("no connection");
    const req = signer.sign(conn.secret, 424242, Date.now());
    const responses = await Promise.all(
      Array.from({ length: 100 }, () =>
        fetch(`${hub.url}/webhooks/${signer.platform}/${conn.id}`, {
          method: "POST",
          headers: req.headers,
          body: req.body,
        }).then(async (r) => ({
          status: r.status,
          body: (await r.json()) as { eventId?: string; duplicate?: boolean },
        })),
      ),
    );
    expect(responses.every((r) => r.status === 200)).toBe(true);
    const accepted = responses.filter((r) => r.body.eventId);
    expect(accepted).toHaveLength(1);
    expect(responses.filter((r) => r.body.duplicate)).toHaveLength(99);
    expect(
      await countRows(
        "select count(*)::text as n from webhook_events where connection_id = $1 and status <> 'rejected'",
        [conn.id],
      ),
    ).toBe(1);
    expect(
      await countRows(
        `select count(*)::text as n from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
         where t.identifier = 'process-webhook' and j.payload->>'eventId' = $1`,
        [accepted[0]?.body.eventId],
      ),
    ).toBe(1);
  });
});

describe("fuzzed bodies and signatures", () => {
  const bodies = fc.oneof(
    fc.string(),
    fc.json(),
    fc.uint8Array({ maxLength: 4096 }).map((a) => Buffer.from(a)),
    fc.constant(""),
    fc.constant("null"),
    fc.constant('{"secret_key": 12, "action": ["x"], "payload": "y"}'),
    fc.constant('{"uuid": null, "body": 5}'),
    fc.constant('{"event": {"nested": true}, "id": "x"}'),
    fc.jsonValue().map((v) => JSON.stringify({ secret_key: "wrong", action: "incoming_event", payload: v })),
  );
  const headerSets = fc.record({
    "content-type": fc.constantFrom(
      "application/json",
      "text/plain",
      "application/octet-stream",
      "application/x-www-form-urlencoded",
    ),
    "verification-token": fc.string({ maxLength: 40 }).filter((s) => /^[\x21-\x7e]*$/.test(s) && s.length > 0),
    "x-chatwoot-timestamp": fc.oneof(fc.integer().map(String), fc.constant("1781691323")),
    "x-chatwoot-signature": fc
      .string({ maxLength: 80 })
      .filter((s) => /^[\x21-\x7e]*$/.test(s) && s.length > 0)
      .map((s) => `sha256=${s}`),
    "x-chatwoot-delivery": fc.uuid(),
  });

  it.each(SIGNERS)("$platform: zero 5xx and zero accepted", async (signer) => {
    const conn = conns.get(signer.platform);
    if (!conn) throw new Error("no connection");
    const before = await countRows(
      "select count(*)::text as n from webhook_events where connection_id = $1 and status <> 'rejected'",
      [conn.id],
    );
    const statuses: number[] = [];
    await fc.assert(
      fc.asyncProperty(bodies, headerSets, async (body, headers) => {
        const res = await fetch(`${hub.url}/webhooks/${signer.platform}/${conn.id}`, { method: "POST", headers, body });
        await res.arrayBuffer();
        statuses.push(res.status);
        return res.status >= 400 && res.status < 500;
      }),
      { numRuns: 150 },
    );
    const huge = await fetch(`${hub.url}/webhooks/${signer.platform}/${conn.id}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: Buffer.alloc(2 * 1024 * 1024, 0x7b),
    });
    expect(huge.status).toBe(413);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    const after = await countRows(
      "select count(*)::text as n from webhook_events where connection_id = $1 and status <> 'rejected'",
      [conn.id],
    );
    expect(after).toBe(before);
  });
});
