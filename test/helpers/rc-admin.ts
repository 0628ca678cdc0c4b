import { z } from "zod";
import { createRingcentralSim, type RingcentralSimOptions } from "../../sim/ringcentral/app.ts";
import type { Sim } from "../../sim/shared/types.ts";
import { startTestHub, type TestHub } from "./hub.ts";

/** A hub, its own RingCentral sandbox and a RingCentral connection to it (not connected: no webhooks, no sync). */
export type RcAdminWorld = {
  hub: TestHub;
  sim: Sim;
  simUrl: string;
  connectionId: string;
  /** `/api/ringcentral/<connectionId>` */
  prefix: string;
  /** Calls the hub with a credential (default: the admin key) and optional headers. */
  call(
    method: string,
    path: string,
    options?: { body?: unknown; headers?: Record<string, string>; token?: string },
  ): Promise<{ status: number; headers: Headers; body: unknown; text: string }>;
  /** Requests the sandbox received (control routes excluded), as `METHOD /path`. */
  simRequests(): Promise<string[]>;
  stop(): Promise<void>;
};

const credsSchema = z.looseObject({
  clientId: z.string(),
  clientSecret: z.string(),
  users: z.array(z.looseObject({ jwt: z.string() })).min(1),
});
const created = z.looseObject({ id: z.string() });
const recorded = z.array(z.looseObject({ method: z.string(), path: z.string() }));

export async function startRcAdminWorld(
  options: { sim?: RingcentralSimOptions; worker?: boolean; env?: Record<string, string> } = {},
): Promise<RcAdminWorld> {
  // Generous plan limits, sent in X-Rate-Limit-* headers: the hub's shared budget adopts them after one request.
  const sim = await createRingcentralSim({
    rateLimits: { Light: 5000, Medium: 5000, Heavy: 5000, Auth: 5000 },
    reminderCheckMs: 0,
    callLogLagMs: 0,
    ...options.sim,
  });
  const simUrl = await sim.listen(0, "127.0.0.1");
  const hub = await startTestHub({ worker: options.worker ?? false, env: options.env });
  const creds = credsSchema.parse(sim.credentials);
  const user = creds.users[0];
  if (!user) throw new Error("the sandbox has no users");
  const res = await hub.api("POST", "/api/connections", {
    platform: "ringcentral",
    name: "Admin sandbox",
    settings: { serverUrl: simUrl },
    credentials: { clientId: creds.clientId, clientSecret: creds.clientSecret, jwt: user.jwt },
  });
  if (res.status !== 201) throw new Error(`connection not created: ${JSON.stringify(res.body)}`);
  const connectionId = created.parse(res.body).id;
  const call: RcAdminWorld["call"] = async (method, path, o = {}) => {
    const headers: Record<string, string> = { authorization: `Bearer ${o.token ?? hub.adminKey}`, ...o.headers };
    if (o.body !== undefined) headers["content-type"] ??= "application/json";
    const r = await fetch(`${hub.url}${path}`, {
      method,
      headers,
      body: o.body === undefined ? undefined : typeof o.body === "string" ? o.body : JSON.stringify(o.body),
    });
    const text = await r.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // CSV and other text answers stay text
    }
    return { status: r.status, headers: r.headers, body, text };
  };
  return {
    hub,
    sim,
    simUrl,
    connectionId,
    prefix: `/api/ringcentral/${connectionId}`,
    call,
    simRequests: async () => {
      const list = recorded.parse(await (await fetch(`${simUrl}/_sim/requests`)).json());
      return list.map((r) => `${r.method} ${r.path}`);
    },
    stop: async () => {
      await hub.stop();
      await sim.close();
    },
  };
}
