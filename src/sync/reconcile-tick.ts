import { and, eq, isNull } from "drizzle-orm";
import type { ConnectionRow } from "../connections/repo.ts";
import { agentIdentities, connections } from "../db/schema/index.ts";
import type { Deps } from "../deps.ts";
import {
  applyObservation,
  type ObservedEngagements,
  type PlatformObservation,
  repairEngagements,
} from "../domain/availability/index.ts";
import { enqueue } from "../jobs/enqueue.ts";
import { runEngineStep } from "./agent-engine.ts";

/**
 * RingCentral's account presence is in the Heavy group (10 requests a minute, shared with call-log and recording
 * reads): read at most this often per connection, whatever the tick interval. Kept per process: the tick is one
 * job at a time, so several workers read at most once each per interval.
 */
export const ACCOUNT_PRESENCE_INTERVAL_MS = 30_000;
const lastAccountPresenceRead = new Map<string, number>();

/** What one look at a platform says about one of its users. */
type Reading = { observation?: PlatformObservation; engagements?: ObservedEngagements };

/**
 * Periodic reconciliation: read actual state from every connected platform (Chatwoot every tick — it sends no
 * availability webhooks — LiveChat and RingCentral every `fullEvery` ticks), feed it to each agent's engine as
 * `poll` observations and engagement repairs, and let reconcile() issue commands for any drift.
 */
export async function reconcileTick(deps: Deps, tick: number): Promise<{ agents: number; readings: number }> {
  const db = deps.database.db;
  const rows = await db
    .select()
    .from(connections)
    .where(and(isNull(connections.deletedAt), eq(connections.status, "connected")));
  const full = tick % deps.config.RECONCILE_FULL_EVERY === 0;
  const perAgent = new Map<string, { workspaceId: string; readings: Reading[] }>();
  let readings = 0;
  for (const connection of rows) {
    if (connection.platform !== "chatwoot" && !full) continue;
    const byExternal = await readConnection(deps, connection).catch((error: unknown) => {
      deps.log.warn({ err: error, connectionId: connection.id }, "reconciliation could not read the platform");
      return new Map<string, Reading>();
    });
    if (byExternal.size === 0) continue;
    const identities = await db.select().from(agentIdentities).where(eq(agentIdentities.connectionId, connection.id));
    for (const identity of identities) {
      const reading = byExternal.get(identity.externalId) ?? byExternal.get(identity.externalId.toLowerCase());
      if (!reading) continue;
      const entry = perAgent.get(identity.agentId) ?? { workspaceId: identity.workspaceId, readings: [] };
      entry.readings.push(reading);
      perAgent.set(identity.agentId, entry);
      readings += 1;
    }
  }
  const nowMs = deps.now();
  for (const [agentId, { workspaceId, readings: list }] of perAgent) {
    await db.transaction((tx) =>
      runEngineStep(tx, { workspaceId, agentId, cause: "reconciliation", nowMs }, (state, actuals, ctx) => {
        let result = { state, actuals, notes: [] as string[] };
        for (const r of list) {
          if (r.engagements) {
            const repaired = repairEngagements(result.state, r.engagements, nowMs);
            result = { ...result, state: repaired.state, notes: [...result.notes, ...repaired.notes] };
          }
          if (r.observation) {
            const applied = applyObservation(result.state, result.actuals, r.observation, ctx);
            result = { state: applied.state, actuals: applied.actuals, notes: [...result.notes, ...applied.notes] };
          }
        }
        return result;
      }),
    );
  }
  return { agents: perAgent.size, readings };
}

/** Schedules the next tick (one pending tick at a time, whatever the number of workers). */
export async function scheduleNextTick(deps: Deps, tick: number): Promise<void> {
  await enqueue(
    deps.database.db,
    "reconcile-tick",
    { tick },
    { jobKey: "reconcile-tick", runAt: new Date(deps.now() + deps.config.RECONCILE_INTERVAL_SECONDS * 1000) },
  );
}

async function readConnection(deps: Deps, connection: ConnectionRow): Promise<Map<string, Reading>> {
  const at = new Date(deps.now()).toISOString();
  const out = new Map<string, Reading>();
  switch (connection.platform) {
    case "chatwoot": {
      const cw = deps.clients.chatwoot(connection).client;
      const res = await cw.listAgents();
      if (!res.ok) throw new Error(res.error.message);
      // Open conversations per assignee repair Chatwoot chats whose webhooks were lost (25 a page; bounded).
      const open = new Map<string, string[]>();
      let complete = true;
      for (let page = 1; page <= 20; page++) {
        const list = await cw.listConversations({ status: "open", assigneeType: "all", page });
        if (!list.ok) {
          complete = false;
          break;
        }
        for (const c of list.value.conversations) {
          const assignee = c.meta?.assignee?.id;
          if (assignee !== undefined && assignee !== null)
            open.set(String(assignee), [...(open.get(String(assignee)) ?? []), String(c.id)]);
        }
        if (list.value.conversations.length < 25) break;
        if (page === 20) complete = false;
      }
      for (const a of res.value) {
        // With auto_offline on (Chatwoot's default), "offline" may only mean the dashboard is closed — an absence,
        // not a choice (platforms/chatwoot.md §4.1): it is not read as the agent's intent.
        const absent = a.auto_offline !== false && a.availability_status === "offline";
        out.set(String(a.id), {
          ...(absent
            ? {}
            : {
                observation: {
                  platform: "chatwoot" as const,
                  state: { availability: a.availability_status },
                  at,
                  source: "poll" as const,
                },
              }),
          ...(complete
            ? {
                engagements: {
                  activeChats: [{ platform: "chatwoot" as const, ids: open.get(String(a.id)) ?? [] }],
                  readAt: at,
                },
              }
            : {}),
        });
      }
      return out;
    }
    case "livechat": {
      const lc = deps.clients.livechat(connection).client;
      const statuses = await lc.listRoutingStatuses();
      if (!statuses.ok) throw new Error(statuses.error.message);
      const chats = await lc.listChats({ active: true });
      const active = new Map<string, string[]>();
      if (chats.ok)
        for (const c of chats.value.chats)
          for (const a of c.agentIds) active.set(a.toLowerCase(), [...(active.get(a.toLowerCase()) ?? []), c.chatId]);
      for (const s of statuses.value) {
        const key = s.agentId.toLowerCase();
        out.set(key, {
          observation: { platform: "livechat", state: { routingStatus: s.status }, at, source: "poll" },
          // Only a complete first page is trusted as "all active chats"; more pages would need paging here.
          ...(chats.ok && !chats.value.nextPageId
            ? { engagements: { activeChats: [{ platform: "livechat", ids: active.get(key) ?? [] }], readAt: at } }
            : {}),
        });
      }
      return out;
    }
    case "ringcentral": {
      // One account-wide read (a Heavy request per 1,000 extensions) instead of one Light request per extension,
      // at most every ACCOUNT_PRESENCE_INTERVAL_MS: between reads the presence webhooks keep the hub current.
      const last = lastAccountPresenceRead.get(connection.id);
      if (last !== undefined && deps.now() - last < ACCOUNT_PRESENCE_INTERVAL_MS) return out;
      lastAccountPresenceRead.set(connection.id, deps.now());
      const rc = deps.clients.ringcentral(connection).client;
      const list = await rc.listAccountPresence({ detailedTelephonyState: true });
      if (!list.ok) throw new Error(list.error.message);
      for (const p of list.value) {
        const externalId = p.extension?.id === undefined ? undefined : String(p.extension.id);
        // Extensions that are not users (queues, IVR menus) report no userStatus: nothing to observe.
        if (!externalId || p.userStatus === undefined) continue;
        const calls = (p.activeCalls ?? []).flatMap((c) =>
          c.telephonySessionId
            ? [
                {
                  telephonySessionId: c.telephonySessionId,
                  partyId: typeof c.partyId === "string" ? c.partyId : undefined,
                  telephonyStatus: typeof c.telephonyStatus === "string" ? (c.telephonyStatus as "Ringing") : undefined,
                },
              ]
            : [],
        );
        out.set(externalId, {
          observation: {
            platform: "ringcentral",
            state: { userStatus: p.userStatus, dndStatus: p.dndStatus === "Unknown" ? undefined : p.dndStatus },
            at,
            source: "poll",
          },
          engagements: { activeCalls: calls, readAt: at },
        });
      }
      return out;
    }
    default:
      return out;
  }
}
