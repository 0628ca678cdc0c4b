import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type ChatwootSim, type ChatwootSimOptions, createChatwootSim } from "./app.ts";
import { CHATWOOT_DEMO } from "./constants.ts";

/** Test helpers for the Chatwoot sandbox (not a test file: no `.test.ts`). */

export type ApiResponse = { status: number; headers: Headers; text: string; json: unknown };

export type Harness = {
  sim: ChatwootSim;
  base: string;
  /** Calls the sandbox; `token` defaults to the admin token, `null` sends none. */
  api(
    method: string,
    path: string,
    init?: { token?: string | null; body?: unknown; raw?: string },
  ): Promise<ApiResponse>;
  account: string;
  close(): Promise<void>;
};

export async function startSim(options: ChatwootSimOptions = {}): Promise<Harness> {
  const sim = await createChatwootSim(options);
  const base = await sim.listen(0);
  const adminToken = options.adminToken ?? CHATWOOT_DEMO.adminToken;
  return {
    sim,
    base,
    account: `/api/v1/accounts/${sim.state.account.id}`,
    async api(method, path, init = {}) {
      const headers: Record<string, string> = {};
      const token = init.token === undefined ? adminToken : init.token;
      if (token !== null) headers.api_access_token = token;
      let body: string | undefined;
      if (init.raw !== undefined) body = init.raw;
      else if (init.body !== undefined) body = JSON.stringify(init.body);
      if (body !== undefined) headers["content-type"] = "application/json";
      const res = await fetch(`${base}${path}`, { method, headers, body });
      const text = await res.text();
      let json: unknown;
      try {
        json = text === "" ? undefined : JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: res.status, headers: res.headers, text, json };
    },
    close: () => sim.close(),
  };
}

export type Received = { path: string; headers: IncomingHttpHeaders; raw: string; json: Record<string, unknown> };

export type Receiver = {
  url: string;
  received: Received[];
  /** Status code to answer with (default 200). */
  status: number;
  events(): string[];
  close(): Promise<void>;
};

/** A tiny webhook receiver on 127.0.0.1 that keeps the raw bytes of every request. */
export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const receiver: Receiver = {
    url: "",
    received,
    status: 200,
    events: () => received.map((r) => String(r.json.event)),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      received.push({ path: req.url ?? "/", headers: req.headers, raw, json: JSON.parse(raw) });
      res.statusCode = receiver.status;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return receiver;
}

export const agentToken = (n: number): string => `${CHATWOOT_DEMO.agentTokenPrefix}${n}`;
/** User id of demo agent n (1-based, DEMO_AGENTS order). */
export const agentId = (n: number): number => CHATWOOT_DEMO.firstAgentUserId + n - 1;

/** Narrows an unknown JSON value for assertions. */
export function obj(value: unknown): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("expected an object");
  return value as Record<string, unknown>;
}

export function arr(value: unknown): unknown[] {
  if (!Array.isArray(value)) throw new Error("expected an array");
  return value;
}
