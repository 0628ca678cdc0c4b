import { createHmac, randomUUID } from "node:crypto";
import type { PlatformId } from "../../src/domain/platform.ts";

/**
 * How each platform authenticates a webhook, written from the platform documents (not from src/ verifiers), so
 * `verify(sign(x))` in the tests proves two independent readings of the docs agree.
 */
export type SignedRequest = { headers: Record<string, string>; body: string };

export type Signer = {
  platform: PlatformId;
  /** A valid webhook of a consumed type; `n` makes its dedupe key unique. */
  sign(secret: string, n: number, nowMs: number): SignedRequest;
  /** The same delivery with its authenticity broken (secret or signature no longer matches). */
  tamper(req: SignedRequest): SignedRequest;
  /** A correctly signed delivery whose timestamp is too old, where the platform has timestamps. */
  stale?(secret: string, n: number, nowMs: number): SignedRequest;
  /** A subscription validation request, where the platform has one. */
  handshake?(): { headers: Record<string, string>; expectHeader: [string, string] };
};

const json = { "content-type": "application/json" };

export const livechatSigner: Signer = {
  platform: "livechat",
  // LiveChat (platforms/livechat.md §1.2): the registered secret travels as `secret_key` inside the JSON body.
  sign: (secret, n) => ({
    headers: json,
    body: JSON.stringify({
      webhook_id: "2c0b13904e79b2aca271e5f84b898f35",
      secret_key: secret,
      action: "incoming_event",
      organization_id: "390e44e6-f1e6-0368-c0bb-1f3b1a3f3e7e",
      payload: {
        chat_id: "PJ0MRSHTDG",
        thread_id: "K600PKZON8",
        event: {
          id: `K600PKZON8_${n}`,
          created_at: "2026-11-21T10:00:00.000000Z",
          type: "message",
          text: `hello ${n}`,
          author_id: "b7eff798-f8df-4364-8059-649c35c9ed0c",
          visibility: "all",
        },
      },
      additional_data: {},
    }),
  }),
  tamper: (req) => ({ ...req, body: req.body.replace(/"secret_key":"[^"]*"/, '"secret_key":"forged-secret-value"') }),
};

export const ringcentralSigner: Signer = {
  platform: "ringcentral",
  // RingCentral (platforms/ringcentral.md §1.3–1.4): the subscription's verificationToken in `Verification-Token`.
  sign: (secret, n, nowMs) => ({
    headers: { ...json, "verification-token": secret, "user-agent": "RingCentral-Webhook/8.3" },
    body: JSON.stringify({
      uuid: `5f1b2a4c-0000-4000-8000-${String(n).padStart(12, "0")}`,
      event: "/restapi/v1.0/account/~/extension/62264425004/presence",
      timestamp: new Date(nowMs).toISOString(),
      subscriptionId: "c1c3c1a2-6e55-4b7f-9c55-2d0f6b1a7e11",
      ownerId: "62264425004",
      body: {
        extensionId: 62264425004,
        telephonyStatus: "NoCall",
        sequence: n,
        presenceStatus: "Available",
        userStatus: "Available",
        dndStatus: "TakeAllCalls",
        allowSeeMyPresence: true,
        ringOnMonitoredCall: false,
        pickUpCallsOnHold: false,
      },
    }),
  }),
  tamper: (req) => ({ ...req, headers: { ...req.headers, "verification-token": "forged-token-value" } }),
  handshake: () => {
    const token = `vt-${randomUUID()}`;
    return { headers: { "validation-token": token }, expectHeader: ["validation-token", token] };
  },
};

const chatwootHeaders = (secret: string, body: string, ts: number, delivery: string) => ({
  ...json,
  "x-chatwoot-delivery": delivery,
  "x-chatwoot-timestamp": String(ts),
  // Chatwoot (platforms/chatwoot.md §2.2): sha256= HMAC-SHA256(secret, "<timestamp>.<raw body>"), lowercase hex.
  "x-chatwoot-signature": `sha256=${createHmac("sha256", secret).update(`${ts}.${body}`).digest("hex")}`,
});

const chatwootBody = (n: number) =>
  JSON.stringify({
    event: "message_created",
    id: 9000 + n,
    content: `hello ${n}`,
    message_type: "incoming",
    content_type: "text",
    private: false,
    created_at: "2026-11-21T10:00:00.000Z",
    source_id: null,
    sender: {
      id: 41,
      name: "Jane Cooper",
      email: "jane.cooper@example.com",
      phone_number: "+14155550101",
      type: "contact",
    },
    inbox: { id: 3, name: "Website" },
    conversation: { id: 77, inbox_id: 3, status: "open", meta: { assignee: { id: 1, name: "Ada" } } },
    account: { id: 1, name: "Demo" },
  });

export const chatwootSigner: Signer = {
  platform: "chatwoot",
  sign: (secret, n, nowMs) => {
    const body = chatwootBody(n);
    return { headers: chatwootHeaders(secret, body, Math.floor(nowMs / 1000), randomUUID()), body };
  },
  tamper: (req) => ({ ...req, body: req.body.replace("hello", "HELLO") }),
  stale: (secret, n, nowMs) => {
    const body = chatwootBody(n);
    return { headers: chatwootHeaders(secret, body, Math.floor(nowMs / 1000) - 3600, randomUUID()), body };
  },
};

export const SIGNERS: Signer[] = [livechatSigner, ringcentralSigner, chatwootSigner];

/**
 * Any bytes, authenticated the way each platform does (LiveChat's secret travels inside the body, so `secretKey`
 * is added to the envelope by `envelopeFor`): lets a test send correctly authenticated hostile bodies.
 */
export function signBytes(platform: PlatformId, secret: string, body: Buffer, nowMs: number): Record<string, string> {
  switch (platform) {
    case "livechat":
      return { ...json };
    case "ringcentral":
      return { ...json, "verification-token": secret };
    case "chatwoot": {
      const ts = String(Math.floor(nowMs / 1000));
      const mac = createHmac("sha256", secret).update(`${ts}.`).update(body).digest("hex");
      return {
        ...json,
        "x-chatwoot-delivery": randomUUID(),
        "x-chatwoot-timestamp": ts,
        "x-chatwoot-signature": `sha256=${mac}`,
      };
    }
  }
}

/** A minimal envelope of each platform around `inner` (raw JSON text placed where the payload goes). */
export function envelopeFor(platform: PlatformId, secret: string, inner: string): string {
  switch (platform) {
    case "livechat":
      return `{"secret_key":${JSON.stringify(secret)},"action":"incoming_event","payload":{"chat_id":"C1","thread_id":"T1","event":{"id":"T1_1","type":"message","data":${inner}}}}`;
    case "ringcentral":
      return `{"uuid":"${randomUUID()}","event":"/restapi/v1.0/account/~/extension/1/presence","body":${inner}}`;
    case "chatwoot":
      return `{"event":"message_created","id":1,"content_attributes":${inner}}`;
  }
}
