import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach } from "vitest";
import { z } from "zod";
import type { Sim } from "../shared/types.ts";
import { createRingcentralSim } from "./app.ts";
import type { RingcentralSimOptions } from "./options.ts";
import { extensionIdFor } from "./state.ts";

/** Helpers for the sandbox's own tests: start it on port 0, log in, talk HTTP, receive webhooks. */

const credentialsSchema = z.object({
  server: z.string(),
  clientId: z.string(),
  clientSecret: z.string(),
  accountId: z.string(),
  users: z.array(
    z.object({ extensionId: z.string(), extensionNumber: z.string(), email: z.string(), jwt: z.string() }),
  ),
});
export type Credentials = z.infer<typeof credentialsSchema>;

export type Reply = { status: number; headers: Headers; body: unknown; json: Record<string, unknown> };

const asObject = z.record(z.string(), z.unknown());

export async function call(
  base: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined && !headers["content-type"]) headers["content-type"] = "application/json";
  const res = await fetch(base + path, {
    method,
    headers,
    body:
      options.body === undefined
        ? undefined
        : typeof options.body === "string"
          ? options.body
          : JSON.stringify(options.body),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // binary or empty bodies stay as text
  }
  const parsed = asObject.safeParse(body);
  return { status: res.status, headers: res.headers, body, json: parsed.success ? parsed.data : {} };
}

export type TestSim = { sim: Sim; base: string; creds: Credentials; close: () => Promise<void> };

export async function startSim(options: RingcentralSimOptions = {}): Promise<TestSim> {
  const sim = await createRingcentralSim({ rateLimits: false, ...options });
  const base = await sim.listen(0);
  const creds = credentialsSchema.parse((await call(base, "GET", "/_sim/credentials")).body);
  return { sim, base, creds, close: () => sim.close() };
}

export function basicAuth(creds: Credentials): string {
  return `Basic ${Buffer.from(`${creds.clientId}:${creds.clientSecret}`).toString("base64")}`;
}

export function tokenRequest(t: TestSim, form: Record<string, string>, authorization = basicAuth(t.creds)) {
  return call(t.base, "POST", "/restapi/oauth/token", {
    headers: { authorization, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
  });
}

const tokenSchema = z.object({ access_token: z.string(), refresh_token: z.string(), owner_id: z.string() });

/** JWT login as demo user `index` (0 = extension 101). */
export async function login(t: TestSim, index = 0): Promise<z.infer<typeof tokenSchema>> {
  const jwt = t.creds.users[index]?.jwt ?? "";
  const res = await tokenRequest(t, { grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer", assertion: jwt });
  return tokenSchema.parse(res.body);
}

export type Received = { headers: IncomingHttpHeaders; body: string; json: Record<string, unknown> };
export type ReceiverMode = "ok" | "no-echo" | "fail" | "slow";

/** A webhook receiver on 127.0.0.1:0 that answers the Validation-Token handshake like the official samples. */
export async function startReceiver(
  options: { handshake?: ReceiverMode; notifications?: "ok" | "fail"; slowMs?: number } = {},
) {
  const handshakes: Received[] = [];
  const notifications: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const parsed = asObject.safeParse(body ? JSON.parse(body) : {});
      const entry = { headers: req.headers, body, json: parsed.success ? parsed.data : {} };
      const token = req.headers["validation-token"];
      if (typeof token === "string") {
        handshakes.push(entry);
        const mode = options.handshake ?? "ok";
        if (mode === "fail") return void res.writeHead(500).end();
        const answer = () => {
          res.writeHead(
            200,
            mode === "no-echo"
              ? { "content-type": "application/json" }
              : { "validation-token": token, "content-type": "application/json" },
          );
          res.end();
        };
        if (mode === "slow") return void setTimeout(answer, options.slowMs ?? 500);
        return answer();
      }
      notifications.push(entry);
      res.writeHead(options.notifications === "fail" ? 500 : 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/rc/webhook`,
    handshakes,
    notifications,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The body of a notification, typed loosely for assertions. */
export function bodyOf(n: Received): Record<string, unknown> {
  return asObject.parse(n.json.body);
}

export function partyOf(n: Received): Record<string, unknown> {
  const parties = z.array(asObject).parse(bodyOf(n).parties);
  const party = parties[0];
  if (!party || parties.length !== 1) throw new Error("expected exactly one party");
  return party;
}

export function statusCode(n: Received): string {
  return z.object({ code: z.string() }).parse(partyOf(n).status).code;
}

export const errorCodeOf = (r: Reply): string | undefined =>
  z.object({ errors: z.array(z.object({ errorCode: z.string() })).min(1) }).safeParse(r.body).data?.errors[0]
    ?.errorCode;

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/** A sandbox + receiver + one WebHook subscription (owned by extension 101) with the given filters. */
export async function startSubscribed(filters: string[], options: RingcentralSimOptions = {}) {
  const t = await startSim(options);
  const receiver = await startReceiver();
  const { access_token: token } = await login(t);
  const res = await call(t.base, "POST", "/restapi/v1.0/subscription", {
    token,
    body: {
      eventFilters: filters,
      deliveryMode: { transportType: "WebHook", address: receiver.url, verificationToken: "vt" },
    },
  });
  if (res.status !== 200) throw new Error(`subscription failed: ${res.status} ${JSON.stringify(res.body)}`);
  const ids = t.creds.users.map((u) => u.extensionId);
  const close = async () => {
    await t.close();
    await receiver.close();
  };
  return { t, receiver, token, ids, close };
}

/** Account-level telephony plus detailed presence of extensions 101 and 102. */
export const CALL_FILTERS = [
  "/restapi/v1.0/account/~/telephony/sessions",
  `/restapi/v1.0/account/~/extension/${extensionIdFor("101")}/presence?detailedTelephonyState=true`,
  `/restapi/v1.0/account/~/extension/${extensionIdFor("102")}/presence?detailedTelephonyState=true`,
];

export const isTelephony = (n: Received) => String(n.json.event).endsWith("/telephony/sessions");
export const telephonyOf = (r: Receiver) => r.notifications.filter(isTelephony);
export const presenceOf = (r: Receiver, extensionId?: string) =>
  r.notifications.filter(
    (n) => String(n.json.event).includes("/presence") && (!extensionId || bodyOf(n).extensionId === extensionId),
  );

/** `POST /_sim/calls`; returns the telephonySessionId. */
export async function startCall(base: string, body: Record<string, unknown>): Promise<string> {
  const res = await call(base, "POST", "/_sim/calls", { body });
  if (res.status !== 200) throw new Error(`call failed: ${res.status} ${JSON.stringify(res.body)}`);
  return String(res.json.telephonySessionId);
}

/** A subscribed sandbox per test (closed after each): `const setup = subscribedPerTest();` then `await setup()`. */
export function subscribedPerTest(filters: string[] = CALL_FILTERS) {
  let current: Awaited<ReturnType<typeof startSubscribed>> | undefined;
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return async (options: RingcentralSimOptions = {}, only: string[] = filters) => {
    current = await startSubscribed(only, options);
    return current;
  };
}

const TELEPHONY_FILTER = "/restapi/v1.0/account/~/telephony/sessions";

/** A sandbox and a receiver per test (closed after each), with a helper that subscribes the receiver. */
export function receiverPerTest() {
  let t: TestSim | undefined;
  let receiver: Receiver | undefined;
  afterEach(async () => {
    await t?.close();
    // A test may have closed its receiver already (to make the address unreachable).
    await receiver?.close().catch(() => undefined);
    t = undefined;
    receiver = undefined;
  });
  const setup = async (options: RingcentralSimOptions = {}, mode: Parameters<typeof startReceiver>[0] = {}) => {
    t = await startSim(options);
    receiver = await startReceiver(mode);
    const tokens = await login(t);
    return { t, receiver, token: tokens.access_token };
  };
  const subscribe = (s: { t: TestSim; receiver: Receiver; token: string }, extra: Record<string, unknown> = {}) =>
    call(s.t.base, "POST", "/restapi/v1.0/subscription", {
      token: s.token,
      body: {
        eventFilters: [TELEPHONY_FILTER, "/restapi/v1.0/account/~/extension/~/presence?detailedTelephonyState=true"],
        deliveryMode: { transportType: "WebHook", address: s.receiver.url, verificationToken: "shared-secret-1" },
        ...extra,
      },
    });
  return { setup, subscribe };
}
