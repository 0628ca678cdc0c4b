import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../helpers/hub.ts";
import { livechatSigner, ringcentralSigner } from "../helpers/signers.ts";

let hub: TestHub;
let lc: { id: string; webhookSecret: string };
let rc: { id: string; webhookSecret: string };

beforeAll(async () => {
  hub = await startTestHub({ worker: true });
  lc = (await hub.api("POST", "/api/connections", { platform: "livechat", name: "LC" })).body as typeof lc;
  rc = (await hub.api("POST", "/api/connections", { platform: "ringcentral", name: "RC" })).body as typeof rc;
});
afterAll(async () => hub?.stop());

type EventDetail = {
  status: string;
  eventType: string | null;
  outcome: { kind: string; type?: string; reason?: string } | null;
  domainEvent: unknown;
  errorDetails: unknown;
  attempts: number;
};

async function waitForStatus(id: string, statuses: string[]): Promise<EventDetail> {
  for (let i = 0; i < 200; i++) {
    const res = await hub.api("GET", `/api/webhook-events/${id}`);
    const body = res.body as EventDetail;
    if (statuses.includes(body.status)) return body;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`event ${id} never reached ${statuses.join("/")}`);
}

async function send(platform: string, connectionId: string, req: { headers: Record<string, string>; body: string }) {
  const res = await fetch(`${hub.url}/webhooks/${platform}/${connectionId}`, {
    method: "POST",
    headers: req.headers,
    body: req.body,
  });
  return (await res.json()) as { eventId: string };
}

describe("processing stored webhooks", () => {
  it("maps a verified webhook to a domain event and marks it processed", async () => {
    const { eventId } = await send("livechat", lc.id, livechatSigner.sign(lc.webhookSecret, 1, Date.now()));
    const detail = await waitForStatus(eventId, ["processed", "failed"]);
    expect(detail.status).toBe("processed");
    // The platform's own name for the webhook, and separately what the hub made of it.
    expect(detail.eventType).toBe("incoming_event");
    expect(detail.outcome).toEqual({ kind: "event", type: "chat.message" });
    expect(detail.domainEvent).toMatchObject({ type: "chat.message", platform: "livechat", chatId: "PJ0MRSHTDG" });
  });

  it("marks a payload that fails the platform schema as failed with the issues", async () => {
    const body = JSON.stringify({
      uuid: "bad-shape-1",
      event: "/restapi/v1.0/account/~/extension/1/presence",
      timestamp: "x",
      body: { extensionId: { no: 1 } },
    });
    const { eventId } = await send("ringcentral", rc.id, {
      headers: { "content-type": "application/json", "verification-token": rc.webhookSecret },
      body,
    });
    const detail = await waitForStatus(eventId, ["processed", "failed"]);
    expect(detail.status).toBe("failed");
    expect(detail.errorDetails).toBeTruthy();
  });

  it("replays a stored event on request", async () => {
    const { eventId } = await send("ringcentral", rc.id, ringcentralSigner.sign(rc.webhookSecret, 2, Date.now()));
    const first = await waitForStatus(eventId, ["processed"]);
    expect(first.eventType).toBe("presence");
    expect(first.outcome).toEqual({ kind: "event", type: "presence.changed" });
    const replay = await hub.api("POST", `/api/webhook-events/${eventId}/replay`);
    expect(replay.status).toBe(202);
    const again = await waitForStatus(eventId, ["processed"]);
    expect(again.attempts).toBe(1);
  });

  it("names an event the hub does not act on by the platform's own type, with the reason it was ignored", async () => {
    const body = JSON.stringify({
      uuid: "ignored-voicemail-1",
      event: "/restapi/v1.0/account/~/extension/101/voicemail",
      timestamp: new Date().toISOString(),
      body: {},
    });
    const { eventId } = await send("ringcentral", rc.id, {
      headers: { "content-type": "application/json", "verification-token": rc.webhookSecret },
      body,
    });
    const detail = await waitForStatus(eventId, ["processed", "failed"]);
    expect(detail.status).toBe("processed");
    expect(detail.eventType).toBe("voicemail");
    expect(detail.outcome).toEqual({ kind: "ignored", reason: "voicemail events are not acted on" });
    const list = await hub.api("GET", `/api/webhook-events?connectionId=${rc.id}&limit=200`);
    const row = (list.body as { items: Array<EventDetail & { id: string }> }).items.find((i) => i.id === eventId);
    expect(row).toMatchObject({ eventType: "voicemail", outcome: { kind: "ignored" } });
  });

  it("refuses to replay a rejected webhook", async () => {
    await fetch(`${hub.url}/webhooks/livechat/${lc.id}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{oops",
    });
    const list = await hub.api("GET", `/api/webhook-events?status=rejected&connectionId=${lc.id}`);
    const id = (list.body as { items: Array<{ id: string }> }).items[0]?.id;
    expect(id).toBeTruthy();
    expect((await hub.api("POST", `/api/webhook-events/${id}/replay`)).status).toBe(409);
  });

  it("pages through events with a cursor, newest first", async () => {
    for (let i = 10; i < 15; i++) await send("livechat", lc.id, livechatSigner.sign(lc.webhookSecret, i, Date.now()));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await hub.api(
        "GET",
        `/api/webhook-events?platform=livechat&limit=2${cursor ? `&cursor=${cursor}` : ""}`,
      );
      const body = res.body as { items: Array<{ id: string }>; nextCursor: string | null };
      seen.push(...body.items.map((i) => i.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen.length).toBeGreaterThanOrEqual(7);
    expect([...seen].sort().reverse()).toEqual(seen);
    expect(new Set(seen).size).toBe(seen.length);
  });
});

describe("operations endpoints", () => {
  it("reports ready with the worker running, and exports metrics", async () => {
    const ready = await fetch(`${hub.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ checks: { database: "ok", migrations: "ok", worker: "ok" } });
    const metrics = await (await fetch(`${hub.url}/metrics`)).text();
    expect(metrics).toMatch(/switchboard_webhooks_received_total\{platform="livechat"\} \d+/);
    expect(metrics).toMatch(/switchboard_webhooks_rejected_total\{platform="livechat",reason="malformed_json"\} \d+/);
    expect(metrics).toContain("switchboard_ingest_duration_seconds_bucket");
  });

  it("requires the admin key on the API and never returns secrets", async () => {
    expect((await fetch(`${hub.url}/api/connections`)).status).toBe(401);
    const list = await hub.api("GET", "/api/connections");
    expect(JSON.stringify(list.body)).not.toContain(lc.webhookSecret);
    const one = await hub.api("GET", `/api/connections/${lc.id}`);
    expect(one.body).toMatchObject({ id: lc.id, hasWebhookSecret: true });
    expect(JSON.stringify(one.body)).not.toContain(lc.webhookSecret);
  });

  it("serves the OpenAPI document", async () => {
    const doc = (await (await fetch(`${hub.url}/docs/json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/api/connections",
        "/api/webhook-events/{id}/replay",
        "/webhooks/{platform}/{connectionId}",
      ]),
    );
  });
});

describe("secrets at rest", () => {
  it("never stores LiveChat's secret_key with the event", async () => {
    const { eventId } = await send("livechat", lc.id, livechatSigner.sign(lc.webhookSecret, 99, Date.now()));
    const row = await hub.deps.database.pool.query<{ raw_body: Buffer }>(
      "select raw_body from webhook_events where id = $1",
      [eventId],
    );
    const stored = row.rows[0]?.raw_body.toString("utf8") ?? "";
    expect(stored).toContain("K600PKZON8_99");
    expect(stored).not.toContain(lc.webhookSecret);
    expect(stored).not.toContain("secret_key");
  });
});
