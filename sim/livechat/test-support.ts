import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Sim } from "../shared/types.ts";
import type { LivechatSimOptions } from "./app.ts";
import { createLivechatSim } from "./app.ts";
import { DEFAULT_LIVECHAT_CREDENTIALS } from "./constants.ts";

/** Helpers for the sandbox's own tests: a running sim, an HTTP caller and a webhook receiver. */
export type Received = { body: Record<string, unknown>; raw: string; headers: Record<string, unknown> };

export type Receiver = {
  url: string;
  received: Received[];
  /** Status to answer the next deliveries with (default 200). */
  respondWith: (status: number) => void;
  /** Resolves once `count` deliveries arrived (polls; no timing assertions). */
  waitFor: (count: number) => Promise<Received[]>;
  close: () => Promise<void>;
};

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  let status = 200;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      received.push({ body: JSON.parse(raw) as Record<string, unknown>, raw, headers: { ...req.headers } });
      res.statusCode = status;
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    respondWith: (next) => {
      status = next;
    },
    waitFor: async (count) => {
      while (received.length < count) await new Promise((r) => setTimeout(r, 10));
      return received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export const BASIC = `Basic ${Buffer.from(
  `${DEFAULT_LIVECHAT_CREDENTIALS.accountId}:${DEFAULT_LIVECHAT_CREDENTIALS.pat}`,
).toString("base64")}`;
export const BEARER = `Bearer ${DEFAULT_LIVECHAT_CREDENTIALS.oauthToken}`;

export type Harness = {
  sim: Sim;
  baseUrl: string;
  /** POST an action; `api` is `agent` or `configuration`. */
  call: (
    api: string,
    action: string,
    body?: unknown,
    options?: { version?: string; authorization?: string | null; headers?: Record<string, string> },
  ) => Promise<{ status: number; body: unknown; headers: Headers }>;
  control: (method: string, path: string, body?: unknown) => Promise<{ status: number; body: unknown }>;
};

export async function startSim(options: LivechatSimOptions = {}): Promise<Harness> {
  const sim = await createLivechatSim({ webhookRetryDelayMs: 20, ...options });
  const baseUrl = await sim.listen(0);
  const parse = async (res: Response) => {
    const text = await res.text();
    return text === "" ? undefined : (JSON.parse(text) as unknown);
  };
  return {
    sim,
    baseUrl,
    call: async (api, action, body = {}, opts = {}) => {
      const headers: Record<string, string> = { "content-type": "application/json", ...opts.headers };
      const authorization = opts.authorization === undefined ? BASIC : opts.authorization;
      if (authorization !== null) headers.authorization = authorization;
      const res = await fetch(`${baseUrl}/${opts.version ?? "v3.6"}/${api}/action/${action}`, {
        method: "POST",
        headers,
        body: JSON.stringify(body),
      });
      return { status: res.status, body: await parse(res), headers: res.headers };
    },
    control: async (method, path, body) => {
      const init: RequestInit = { method };
      if (body !== undefined) {
        init.headers = { "content-type": "application/json" };
        init.body = JSON.stringify(body);
      }
      const res = await fetch(`${baseUrl}${path}`, init);
      return { status: res.status, body: await parse(res) };
    },
  };
}

/** Registers a license webhook for the demo client and turns license webhooks on. */
export async function subscribe(
  h: Harness,
  url: string,
  action: string,
  extra: Record<string, unknown> = {},
  version = "v3.6",
): Promise<string> {
  const clientId = DEFAULT_LIVECHAT_CREDENTIALS.clientId;
  const res = await h.call(
    "configuration",
    "register_webhook",
    { url, action, secret_key: `secret-${action}`, owner_client_id: clientId, type: "license", ...extra },
    { version },
  );
  if (res.status !== 200) throw new Error(`register_webhook failed: ${JSON.stringify(res.body)}`);
  await h.call("configuration", "enable_license_webhooks", { owner_client_id: clientId });
  return (res.body as { id: string }).id;
}
