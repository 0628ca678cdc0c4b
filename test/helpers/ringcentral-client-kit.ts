import { vi } from "vitest";
import { RingcentralClient } from "../../src/platforms/ringcentral/client.ts";
import type { Clock } from "../../src/platforms/ringcentral/client-support.ts";

/** Test helpers for client.test.ts: a scripted fetch (no network) and a clock the test moves by hand. */

export type Seen = { method: string; url: URL; headers: Record<string, string>; body: string };
export type Handler = (req: Seen) => Response | Promise<Response>;

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });

export const tokenBody = (n: number, expiresIn = 3600) => ({
  access_token: `access-${n}`,
  token_type: "bearer",
  expires_in: expiresIn,
  refresh_token: `refresh-${n}`,
  refresh_token_expires_in: 604800,
  scope: "ReadPresence EditPresence",
  owner_id: "809646016",
  session_id: `session-${n}`,
});

export function fakeClock(start = 1_700_000_000_000) {
  const sleeps: number[] = [];
  let now = start;
  const clock: Clock = {
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
  return { clock, sleeps, advance: (ms: number) => (now += ms) };
}

/**
 * Stubs global fetch. Token requests get fresh tokens (`access-1`, `access-2`, …) unless `token` overrides;
 * everything else goes to `api`.
 */
export function fakeRingcentral(api: Handler, token?: Handler) {
  const seen: Seen[] = [];
  let issued = 0;
  vi.stubGlobal("fetch", async (input: string | URL, init: RequestInit = {}) => {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries((init.headers ?? {}) as Record<string, string>)) headers[k.toLowerCase()] = v;
    const req: Seen = {
      method: init.method ?? "GET",
      url: new URL(String(input)),
      headers,
      body: typeof init.body === "string" ? init.body : "",
    };
    seen.push(req);
    if (req.url.pathname === "/restapi/oauth/token") {
      if (token) return token(req);
      issued += 1;
      return json(200, tokenBody(issued));
    }
    return api(req);
  });
  return {
    seen,
    tokenCalls: () => seen.filter((r) => r.url.pathname === "/restapi/oauth/token"),
    apiCalls: () => seen.filter((r) => r.url.pathname !== "/restapi/oauth/token"),
  };
}

export function makeClient(clock: Clock, extra: Partial<ConstructorParameters<typeof RingcentralClient>[0]> = {}) {
  return new RingcentralClient({
    baseUrl: "https://rc.test",
    clientId: "cid",
    clientSecret: "csecret",
    jwt: "jwt-assertion",
    clock,
    ...extra,
  });
}
