import { once } from "node:events";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { createServer } from "node:http";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createRingcentralSim } from "../../../sim/ringcentral/app.ts";
import type { Sim } from "../../../sim/shared/types.ts";
import type { DomainEvent } from "../../domain/events.ts";
import type { Headers } from "../types.ts";
import { RingcentralClient } from "./client.ts";
import { ringcentralPlatform } from "./index.ts";

/**
 * The sandbox's subscription handshake and notification delivery, written from the docs independently of this
 * connector, received by our handshake() → verify() → map(): two readings of the docs must agree.
 */

const SECRET = "switchboard-issued-verification-token";

let sim: Sim;
let receiver: Server;
let receiverUrl: string;
const events: DomainEvent[] = [];
const rejected: string[] = [];

function headersOf(req: IncomingMessage): Headers {
  const out: Headers = {};
  for (const [name, value] of Object.entries(req.headers)) out[name] = Array.isArray(value) ? value[0] : value;
  return out;
}

async function receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = headersOf(req);
  const echo = ringcentralPlatform.handshake?.(headers);
  if (echo) {
    res.writeHead(200, echo as Record<string, string>).end();
    return;
  }
  const outcome = ringcentralPlatform.verify({
    rawBody: Buffer.concat(chunks),
    headers,
    secret: SECRET,
    nowMs: Date.now(),
    maxSkewMs: 300_000,
  });
  if (!outcome.ok) {
    rejected.push(outcome.reason);
    res.writeHead(401).end();
    return;
  }
  const mapped = ringcentralPlatform.map(outcome.body, { receivedAt: new Date().toISOString(), headers });
  if (mapped.ok && mapped.value.kind === "event") events.push(mapped.value.event);
  res.writeHead(200).end();
}

beforeAll(async () => {
  sim = await createRingcentralSim({ reminderCheckMs: 0 });
  await sim.listen(0, "127.0.0.1");
  receiver = createServer((req, res) => {
    void receive(req, res);
  });
  receiver.listen(0, "127.0.0.1");
  await once(receiver, "listening");
  const address = receiver.address();
  if (typeof address !== "object" || address === null) throw new Error("receiver has no address");
  receiverUrl = `http://127.0.0.1:${address.port}/webhooks/ringcentral`;
});

afterAll(async () => {
  await sim.close();
  receiver.close();
});

describe("sandbox webhooks through handshake → verify → map", () => {
  it("subscribes (handshake answered), then maps a call and a presence change", async () => {
    const creds = sim.credentials as {
      server: string;
      clientId: string;
      clientSecret: string;
      users: { extensionId: string; jwt: string }[];
    };
    const agent = creds.users[0];
    if (!agent) throw new Error("sandbox has no users");
    const rc = new RingcentralClient({
      baseUrl: creds.server,
      clientId: creds.clientId,
      clientSecret: creds.clientSecret,
      jwt: agent.jwt,
    });
    const sub = await rc.createSubscription({
      eventFilters: [
        "/restapi/v1.0/account/~/extension/~/telephony/sessions",
        "/restapi/v1.0/account/~/extension/~/presence?detailedTelephonyState=true",
      ],
      address: receiverUrl,
      verificationToken: SECRET,
    });
    expect(sub).toMatchObject({ ok: true, value: { status: "Active" } });

    const post = (path: string, body: unknown) =>
      fetch(`${creds.server}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      }).then((r) => r.json() as Promise<{ telephonySessionId: string }>);
    const call = await post("/_sim/calls", {
      extensionId: agent.extensionId,
      direction: "Inbound",
      from: "+14155550101",
    });
    await post(`/_sim/calls/${call.telephonySessionId}/end`, {});

    await vi.waitFor(
      () => {
        const statuses = events
          .filter((e) => e.type === "call.updated" && e.extensionId === agent.extensionId)
          .map((e) => (e.type === "call.updated" ? e.status : ""));
        expect(statuses).toContain("Answered");
        expect(statuses.at(-1)).toBe("Disconnected");
        expect(events.some((e) => e.type === "presence.changed" && e.extensionId === agent.extensionId)).toBe(true);
      },
      { timeout: 10_000, interval: 50 },
    );
    const callEvents = events.filter((e) => e.type === "call.updated");
    expect(new Set(callEvents.map((e) => (e.type === "call.updated" ? e.telephonySessionId : "")))).toEqual(
      new Set([call.telephonySessionId]),
    );
    expect(rejected).toEqual([]);
  });
});
