import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { NewCommand } from "../commands/repo.ts";
import { issueCommands } from "../commands/repo.ts";
import type { DbOrTx } from "../db/database.ts";
import { agentIdentities, agents, availabilityHistory } from "../db/schema/index.ts";
import {
  type Actuals,
  type AgentIdentities,
  type AgentState,
  type ApplyContext,
  type ApplyResult,
  actualsSchema,
  agentStateSchema,
  availabilityTransitions,
  canonicalDesired,
  DEFAULT_ECHO_WINDOW_MS,
  type Desired,
  desired,
  type IssuedCommand,
  initialAgentState,
  type PlatformTarget,
  reconcile,
  resolvePolicy,
} from "../domain/availability/index.ts";
import type { PlatformId } from "../domain/platform.ts";
import { isPlatformId } from "../domain/platform.ts";
import { newId } from "../lib/ids.ts";
import { freedRoom, wakeRouting } from "./chat-wake.ts";
import { notifyLive } from "./live.ts";

export const ECHO_CLOCK_SKEW_MS = 500;

const AVAILABILITY_KINDS = ["livechat.set_routing_status", "chatwoot.set_availability", "ringcentral.set_presence"];

export type Identity = { platform: PlatformId; connectionId: string; externalId: string };

/** What one step of the engine does to an agent, given its current state and the context to judge events. */
export type EngineStep = (
  state: AgentState,
  actuals: Actuals,
  ctx: ApplyContext,
) => Pick<ApplyResult, "state" | "actuals"> & { notes?: string[] };

export type StepOutcome = { agentId: string; desired: Desired; commands: string[]; changed: boolean };

/**
 * The effectful shell around the pure engine, for one agent: lock the agent row (serialising every change to
 * that agent across all workers), load state, apply the step, compute desired state, reconcile against the
 * last known actual state, record commands and history, save. All inside the caller's transaction.
 */
export async function runEngineStep(
  tx: DbOrTx,
  input: { workspaceId: string; agentId: string; cause: string; nowMs: number },
  step: EngineStep,
): Promise<StepOutcome | null> {
  const [row] = await tx
    .select()
    .from(agents)
    .where(and(eq(agents.id, input.agentId), eq(agents.workspaceId, input.workspaceId), isNull(agents.deletedAt)))
    .for("update");
  if (!row) return null;
  const identities = await identitiesOf(tx, row.id);
  const policy = resolvePolicy(row.policy);
  const base = row.state ? agentStateSchema.parse(row.state) : initialAgentState();
  const state: AgentState = { ...base, capacity: row.capacity, costs: { call: row.callCost, chat: row.chatCost } };
  const actuals = actualsSchema.parse(row.actuals ?? {});
  const history = await availabilityCommands(tx, row.id, input.nowMs - DEFAULT_ECHO_WINDOW_MS);
  const ctx: ApplyContext = {
    nowMs: input.nowMs,
    recentCommands: recentIssued(history, input.nowMs - DEFAULT_ECHO_WINDOW_MS),
    echoWindowMs: DEFAULT_ECHO_WINDOW_MS,
    // LiveChat events are stamped with our own receive time and RingCentral/Chatwoot clocks are NTP-synced: a
    // tight allowance keeps a person's quick change right after one of our commands from passing as its echo.
    clockSkewMs: ECHO_CLOCK_SKEW_MS,
    policy,
    identities: Object.fromEntries(identities.map((i) => [i.platform, i.externalId])) as AgentIdentities,
  };
  const after = step(state, actuals, ctx);
  const platforms = [...new Set(identities.map((i) => i.platform))];
  const wanted = desired(after.state, policy, platforms);
  const previousDesired = row.desired as Desired;
  const desiredChanged = canonicalDesired(wanted) !== canonicalDesired(previousDesired);
  const revision = desiredChanged ? row.revision + 1 : row.revision;
  // Compared with what the platforms will show once the writes on their way land: a command for the same target
  // still on its way (waiting for a retry or a rate-limit slot) already carries this decision, and one for another
  // target (a start-up write) must be followed at once by this decision's, even where the platform still shows it.
  const pending = pendingTargets(history);
  const specs = reconcile({ agentId: row.id, desired: wanted, actual: after.actuals, revision, pending });
  const toIssue: NewCommand[] = [];
  for (const spec of specs) {
    const identity = identities.find((i) => i.platform === spec.platform);
    if (!identity) continue;
    const base = {
      workspaceId: input.workspaceId,
      connectionId: identity.connectionId,
      platform: spec.platform,
      agentId: row.id,
      idempotencyKey: spec.idempotencyKey,
      cause: input.cause,
    };
    if (spec.kind === "livechat.set_routing_status")
      toIssue.push({
        ...base,
        payload: { kind: spec.kind, agentExternalId: identity.externalId, target: spec.target },
      });
    else if (spec.kind === "chatwoot.set_availability")
      toIssue.push({ ...base, payload: { kind: spec.kind, userId: identity.externalId, target: spec.target } });
    else toIssue.push({ ...base, payload: { kind: spec.kind, extensionId: identity.externalId, target: spec.target } });
  }
  const issued = await issueCommands(tx, toIssue);

  const transitions = availabilityTransitions(
    { intent: state.intent, engagements: state.engagements, desired: previousDesired },
    { intent: after.state.intent, engagements: after.state.engagements, desired: wanted },
    input.cause,
  );
  if (transitions.length > 0) {
    await tx.insert(availabilityHistory).values(
      // Ids are time-ordered: one millisecond apart keeps the reason-before-effect order of the transitions.
      transitions.map((t, i) => ({
        id: newId("hst", input.nowMs + i),
        workspaceId: input.workspaceId,
        agentId: row.id,
        kind: t.kind,
        detail: t as Record<string, unknown>,
        cause: input.cause,
      })),
    );
  }
  await tx
    .update(agents)
    .set({
      state: after.state as Record<string, unknown>,
      actuals: after.actuals as Record<string, unknown>,
      desired: wanted as Record<string, unknown>,
      revision,
      updatedAt: new Date(input.nowMs),
    })
    .where(eq(agents.id, row.id));
  // A call ended, a chat closed or the person came back: built-in chats waiting in the queue may now fit.
  if (freedRoom(state, after.state, policy)) await wakeRouting(tx, input.workspaceId, true);
  // Also when only the actual state moved (a platform confirmed a write): the board's in-sync marks change.
  const actualsChanged = JSON.stringify(after.actuals) !== JSON.stringify(actuals);
  if (transitions.length > 0 || issued.length > 0 || actualsChanged) {
    await notifyLive(tx, { workspaceId: input.workspaceId, type: "agent.updated", id: row.id });
  }
  return { agentId: row.id, desired: wanted, commands: issued, changed: transitions.length > 0 };
}

async function identitiesOf(tx: DbOrTx, agentId: string): Promise<Identity[]> {
  const rows = await tx
    .select({
      platform: agentIdentities.platform,
      connectionId: agentIdentities.connectionId,
      externalId: agentIdentities.externalId,
    })
    .from(agentIdentities)
    .where(eq(agentIdentities.agentId, agentId));
  return rows.filter((r): r is Identity => isPlatformId(r.platform));
}

type CommandSeen = {
  id: string;
  kind: string;
  platform: string;
  payload: unknown;
  status: string;
  attempts: number;
  createdAt: Date;
};

/** Only commands that reached the platform can echo back: not dead letters, nor ones waiting for a first send. */
const reachedPlatform = (c: CommandSeen) =>
  c.status !== "dead" && (c.status === "running" || c.status === "succeeded" || c.attempts > 0);

/**
 * One read for the step: per availability kind, the latest command, the latest that reached the platform, and
 * those recent or still on their way (by the agent/kind index, so it stays quick as the table grows). Both
 * `pendingTargets` and `recentIssued` are computed from it.
 */
async function availabilityCommands(tx: DbOrTx, agentId: string, sinceMs: number): Promise<CommandSeen[]> {
  const result = await tx.execute<{
    id: string;
    kind: string;
    platform: string;
    payload: unknown;
    status: string;
    attempts: number;
    created_at: string | Date;
  }>(sql`
    select distinct c.id, c.kind, c.platform, c.payload, c.status, c.attempts, c.created_at
      from unnest(${sql.raw(`array[${AVAILABILITY_KINDS.map((k) => `'${k}'`).join(",")}]`)}::text[]) as k(kind)
      cross join lateral (
        (select * from commands where agent_id = ${agentId} and kind = k.kind order by id desc limit 1)
        union all
        (select * from commands
          where agent_id = ${agentId} and kind = k.kind and status <> 'dead'
            and (status in ('running', 'succeeded') or attempts > 0)
          order by id desc limit 1)
        union all
        (select * from commands
          where agent_id = ${agentId} and kind = k.kind
            and (created_at >= ${new Date(sinceMs).toISOString()}::timestamptz
                 or status in ('pending', 'running', 'failed')))
      ) c`);
  return result.rows
    .map((r) => ({ ...r, attempts: Number(r.attempts), createdAt: new Date(r.created_at) }))
    .sort((x, y) => (x.id < y.id ? -1 : 1));
}

/** The target of the latest availability command per platform, when it is still on its way. */
function pendingTargets(history: CommandSeen[]): Desired {
  const latest = new Map<string, CommandSeen>();
  for (const c of history) latest.set(c.kind, c); // sorted by id: the last one wins
  const pending: Record<string, PlatformTarget> = {};
  for (const r of latest.values()) {
    const target = (r.payload as { target?: PlatformTarget }).target;
    if (target && isPlatformId(r.platform) && ["pending", "running", "failed"].includes(r.status))
      pending[r.platform] = target;
  }
  return pending as Desired;
}

/** Commands sent to this agent recently (or still waiting): the echo guard's memory. */
function recentIssued(history: CommandSeen[], sinceMs: number): IssuedCommand[] {
  const reached = history.filter(reachedPlatform);
  // Plus the latest one per platform whatever its age: a platform still showing what we last told it is no news
  // about the person (a poll long after our write must not read it as their choice).
  const latest = new Map<string, CommandSeen>();
  for (const c of reached) latest.set(c.kind, c);
  const rows = reached.filter(
    (c) =>
      c.createdAt.getTime() >= sinceMs ||
      c.status === "running" ||
      c.status === "failed" ||
      latest.get(c.kind)?.id === c.id,
  );
  // Issue order, stamped with the decision time: never later than the send, so a platform's confirmation (which
  // may arrive before our request completes) is never older than the command it confirms.
  return rows.flatMap((r) => {
    const target = (r.payload as { target?: PlatformTarget }).target;
    if (!target || !isPlatformId(r.platform)) return [];
    return [{ platform: r.platform, target, issuedAtMs: r.createdAt.getTime() } as IssuedCommand];
  });
}

/** The agents holding an identity on a connection (e.g. the RingCentral extension a call is on). */
export async function agentsByIdentity(
  tx: DbOrTx,
  workspaceId: string,
  connectionId: string,
  externalIds: string[],
): Promise<string[]> {
  if (externalIds.length === 0) return [];
  const rows = await tx
    .select({ agentId: agentIdentities.agentId, externalId: agentIdentities.externalId })
    .from(agentIdentities)
    .where(
      and(
        eq(agentIdentities.workspaceId, workspaceId),
        eq(agentIdentities.connectionId, connectionId),
        inArray(agentIdentities.externalId, externalIds),
      ),
    );
  // LiveChat agent ids are emails: compare case-insensitively by also trying lower case.
  const lowered = externalIds.map((e) => e.toLowerCase()).filter((e) => !externalIds.includes(e));
  if (lowered.length > 0) {
    const more = await agentsByIdentity(tx, workspaceId, connectionId, lowered);
    return [...new Set([...rows.map((r) => r.agentId), ...more])];
  }
  return [...new Set(rows.map((r) => r.agentId))];
}
