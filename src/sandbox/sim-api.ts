import { z } from "zod";
import { DEMO_AGENTS } from "../../sim/shared/demo-team.ts";
import type { ChatwootObserved, LiveChatObserved, RingCentralObserved } from "../domain/availability/index.ts";
import type { Shown } from "./truth.ts";

/** Where the three sandboxes listen (their `/_sim` control and scenario routes). */
export type SandboxUrls = { livechat: string; ringcentral: string; chatwoot: string };

export class SimError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/** One scenario call; non-2xx answers become a SimError carrying the sandbox's own message. */
export async function simCall<T extends z.ZodType>(
  schema: T,
  url: string,
  body?: unknown,
  method = body === undefined ? "GET" : "POST",
): Promise<z.infer<T>> {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  if (!res.ok)
    throw new SimError(res.status, `${method} ${new URL(url).pathname} → ${res.status} ${text.slice(0, 200)}`);
  return schema.parse(text ? JSON.parse(text) : null);
}

const lcAgents = z.array(z.object({ id: z.string(), routingStatus: z.string() }));
const rcExtensions = z.array(
  z.object({
    extensionNumber: z.string(),
    presence: z.object({ userStatus: z.string(), dndStatus: z.string() }).nullish(),
  }),
);
const cwAgents = z.array(z.object({ id: z.number(), email: z.string(), availability: z.string() }));

/** What each platform shows for one demo agent right now, in the engine's observed-state shapes. */
export type ActualRow = Shown;

/**
 * Reads every demo agent's state from the three sandboxes (three requests), as a person looking at each platform
 * would see it. Unknown values are passed through as the platform said them: the comparison then fails, which
 * is the honest answer.
 */
export async function readActuals(urls: SandboxUrls, agents: number): Promise<ActualRow[]> {
  const [lc, rc, cw] = await Promise.all([
    simCall(lcAgents, `${urls.livechat}/_sim/agents`),
    simCall(rcExtensions, `${urls.ringcentral}/_sim/extensions`),
    simCall(cwAgents, `${urls.chatwoot}/_sim/agents`),
  ]);
  return DEMO_AGENTS.slice(0, agents).map((agent) => {
    const row: ActualRow = {};
    const l = lc.find((a) => a.id === agent.email);
    if (l) row.livechat = { routingStatus: l.routingStatus } as LiveChatObserved;
    const r = rc.find((e) => e.extensionNumber === agent.extensionNumber)?.presence;
    if (r) row.ringcentral = { userStatus: r.userStatus, dndStatus: r.dndStatus } as RingCentralObserved;
    const c = cw.find((a) => a.email === agent.email);
    if (c) row.chatwoot = { availability: c.availability } as ChatwootObserved;
    return row;
  });
}

/** Chatwoot user ids of the demo team, by position in DEMO_AGENTS. */
export async function chatwootUserIds(urls: SandboxUrls): Promise<number[]> {
  const cw = await simCall(cwAgents, `${urls.chatwoot}/_sim/agents`);
  return DEMO_AGENTS.map((agent) => {
    const found = cw.find((a) => a.email === agent.email);
    if (!found) throw new Error(`Chatwoot sandbox has no agent ${agent.email}`);
    return found.id;
  });
}
