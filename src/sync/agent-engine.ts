import { and, asc, desc, eq, gt, gte, inArray, isNull, ne, or, sql } from "drizzle-orm";
import type { LiveEvent } from "../api/contracts.ts";
import type { NewCommand } from "../commands/repo.ts";
import { issueCommands } from "../commands/repo.ts";
import type { DbOrTx } from "../db/database.ts";
import { agentIdentities, agents, availabilityHistory, commands } from "../db/schema/index.ts";
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
import { LIVE_CHANNEL } from "./live.ts";

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
  const [outcome] = await runEngineSteps(tx, { workspaceId: input.workspaceId, nowMs: input.nowMs }, [
    { agentId: input.agentId, cause: input.cause, step },
  ]);
  return outcome ?? null;
}

type AgentRow = typeof agents.$inferSelect;

/**
 * `runEngineStep` for several agents at once (a routing pass giving chats to many agents): the same decisions,
 * agent by agent, with each read and write done once for all of them. Agents are locked in id order; a deleted
 * or unknown agent is left out of the outcomes.
 */
export async function runEngineSteps(
  tx: DbOrTx,
  input: { workspaceId: string; nowMs: number },
  steps: readonly { agentId: string; cause: string; step: EngineStep }[],
): Promise<StepOutcome[]> {
  if (steps.length === 0) return [];
  const ids = [...new Set(steps.map((s) => s.agentId))];
  const rows = await tx
    .select()
    .from(agents)
    .where(and(inArray(agents.id, ids), eq(agents.workspaceId, input.workspaceId), isNull(agents.deletedAt)))
    .orderBy(asc(agents.id))
    .for("update");
  if (rows.length === 0) return [];
  const rowIds = rows.map((r) => r.id);
  const [identities, recent, pending] = [
    await identitiesOf(tx, rowIds),
    await recentIssued(tx, rowIds, input.nowMs - DEFAULT_ECHO_WINDOW_MS),
    await pendingTargets(tx, rowIds),
  ];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const outcomes: StepOutcome[] = [];
  const history: (typeof availabilityHistory.$inferInsert)[] = [];
  const saved: { row: AgentRow; after: Pick<ApplyResult, "state" | "actuals">; wanted: Desired; revision: number }[] =
    [];
  const notify: string[] = [];
  let freed = false;
  for (const { agentId, cause, step } of steps) {
    const row = byId.get(agentId);
    if (!row) continue;
    const own = identities.get(row.id) ?? [];
    const policy = resolvePolicy(row.policy);
    const base = row.state ? agentStateSchema.parse(row.state) : initialAgentState();
    const state: AgentState = { ...base, capacity: row.capacity, costs: { call: row.callCost, chat: row.chatCost } };
    const actuals = actualsSchema.parse(row.actuals ?? {});
    const ctx: ApplyContext = {
      nowMs: input.nowMs,
      recentCommands: recent.get(row.id) ?? [],
      echoWindowMs: DEFAULT_ECHO_WINDOW_MS,
      // LiveChat events are stamped with our own receive time and RingCentral/Chatwoot clocks are NTP-synced: a
      // tight allowance keeps a person's quick change right after one of our commands from passing as its echo.
      clockSkewMs: ECHO_CLOCK_SKEW_MS,
      policy,
      identities: Object.fromEntries(own.map((i) => [i.platform, i.externalId])) as AgentIdentities,
    };
    const after = step(state, actuals, ctx);
    const platforms = [...new Set(own.map((i) => i.platform))];
    const wanted = desired(after.state, policy, platforms);
    const previousDesired = row.desired as Desired;
    const desiredChanged = canonicalDesired(wanted) !== canonicalDesired(previousDesired);
    const revision = desiredChanged ? row.revision + 1 : row.revision;
    // Compared with what the platforms will show once the writes on their way land: a command for the same target
    // still on its way (waiting for a retry or a rate-limit slot) already carries this decision, and one for another
    // target (a start-up write) must be followed at once by this decision's, even where the platform still shows it.
    const specs = reconcile({
      agentId: row.id,
      desired: wanted,
      actual: after.actuals,
      revision,
      pending: pending.get(row.id) ?? ({} as Desired),
    });
    const toIssue: NewCommand[] = [];
    for (const spec of specs) {
      const identity = own.find((i) => i.platform === spec.platform);
      if (!identity) continue;
      const base = {
        workspaceId: input.workspaceId,
        connectionId: identity.connectionId,
        platform: spec.platform,
        agentId: row.id,
        idempotencyKey: spec.idempotencyKey,
        cause,
      };
      if (spec.kind === "livechat.set_routing_status")
        toIssue.push({
          ...base,
          payload: { kind: spec.kind, agentExternalId: identity.externalId, target: spec.target },
        });
      else if (spec.kind === "chatwoot.set_availability")
        toIssue.push({ ...base, payload: { kind: spec.kind, userId: identity.externalId, target: spec.target } });
      else
        toIssue.push({ ...base, payload: { kind: spec.kind, extensionId: identity.externalId, target: spec.target } });
    }
    const issued = toIssue.length > 0 ? await issueCommands(tx, toIssue) : [];
    const transitions = availabilityTransitions(
      { intent: state.intent, engagements: state.engagements, desired: previousDesired },
      { intent: after.state.intent, engagements: after.state.engagements, desired: wanted },
      cause,
    );
    // Ids are time-ordered: one millisecond apart keeps the reason-before-effect order of the transitions.
    transitions.forEach((t, i) => {
      history.push({
        id: newId("hst", input.nowMs + i),
        workspaceId: input.workspaceId,
        agentId: row.id,
        kind: t.kind,
        detail: t as Record<string, unknown>,
        cause,
      });
    });
    // The next step for the same agent in this call starts from this one's result.
    const next: AgentRow = {
      ...row,
      state: after.state as Record<string, unknown>,
      actuals: after.actuals as Record<string, unknown>,
      desired: wanted as Record<string, unknown>,
      revision,
    };
    byId.set(row.id, next);
    saved.push({ row: next, after, wanted, revision });
    // A call ended, a chat closed or the person came back: built-in chats waiting in the queue may now fit.
    if (freedRoom(state, after.state, policy)) freed = true;
    // Also when only the actual state moved (a platform confirmed a write): the board's in-sync marks change.
    const actualsChanged = JSON.stringify(after.actuals) !== JSON.stringify(actuals);
    if ((transitions.length > 0 || issued.length > 0 || actualsChanged) && !notify.includes(row.id))
      notify.push(row.id);
    outcomes.push({ agentId: row.id, desired: wanted, commands: issued, changed: transitions.length > 0 });
  }
  if (history.length > 0) await tx.insert(availabilityHistory).values(history);
  await saveAgents(tx, [...new Map(saved.map((s) => [s.row.id, s])).values()], input.nowMs);
  if (freed) await wakeRouting(tx, input.workspaceId, true);
  if (notify.length > 0) {
    const events = notify.map((id) =>
      JSON.stringify({ workspaceId: input.workspaceId, type: "agent.updated", id } satisfies LiveEvent),
    );
    await tx.execute(
      sql`select pg_notify(${LIVE_CHANNEL}, v.e) from (values ${sql.join(
        events.map((e) => sql`(${e})`),
        sql`, `,
      )}) as v(e)`,
    );
  }
  return outcomes;
}

/** Each agent's last saved step: one UPDATE for all of them. */
async function saveAgents(
  tx: DbOrTx,
  saved: { row: AgentRow; after: Pick<ApplyResult, "state" | "actuals">; wanted: Desired; revision: number }[],
  nowMs: number,
): Promise<void> {
  if (saved.length === 0) return;
  const values = sql.join(
    saved.map(
      (s) =>
        sql`(${s.row.id}, ${JSON.stringify(s.after.state)}::jsonb, ${JSON.stringify(s.after.actuals)}::jsonb, ${JSON.stringify(s.wanted)}::jsonb, ${s.revision}::int)`,
    ),
    sql`, `,
  );
  await tx.execute(sql`
    update ${agents} as a
       set state = v.state, actuals = v.actuals, desired = v.desired, revision = v.revision,
           updated_at = ${new Date(nowMs).toISOString()}::timestamptz
      from (values ${values}) as v(id, state, actuals, desired, revision)
     where a.id = v.id`);
}

async function identitiesOf(tx: DbOrTx, agentIds: string[]): Promise<Map<string, Identity[]>> {
  const rows = await tx
    .select({
      agentId: agentIdentities.agentId,
      platform: agentIdentities.platform,
      connectionId: agentIdentities.connectionId,
      externalId: agentIdentities.externalId,
    })
    .from(agentIdentities)
    .where(inArray(agentIdentities.agentId, agentIds));
  const out = new Map<string, Identity[]>();
  for (const { agentId, ...r } of rows) {
    if (!isPlatformId(r.platform)) continue;
    out.set(agentId, [...(out.get(agentId) ?? []), r as Identity]);
  }
  return out;
}

/** Per agent, the target of the latest availability command per platform, when it is still on its way. */
async function pendingTargets(tx: DbOrTx, agentIds: string[]): Promise<Map<string, Desired>> {
  const rows = await tx
    .selectDistinctOn([commands.agentId, commands.kind], {
      agentId: commands.agentId,
      platform: commands.platform,
      payload: commands.payload,
      status: commands.status,
    })
    .from(commands)
    .where(and(inArray(commands.agentId, agentIds), inArray(commands.kind, AVAILABILITY_KINDS)))
    .orderBy(commands.agentId, commands.kind, desc(commands.id));
  const out = new Map<string, Record<string, PlatformTarget>>();
  for (const r of rows) {
    const target = (r.payload as { target?: PlatformTarget }).target;
    if (!r.agentId || !target || !isPlatformId(r.platform) || !["pending", "running", "failed"].includes(r.status))
      continue;
    const pending = out.get(r.agentId) ?? {};
    pending[r.platform] = target;
    out.set(r.agentId, pending);
  }
  return out as Map<string, Desired>;
}

/** Per agent, the commands sent to them recently (or still waiting): the echo guard's memory. */
async function recentIssued(tx: DbOrTx, agentIds: string[], sinceMs: number): Promise<Map<string, IssuedCommand[]>> {
  // Only commands that reached the platform can echo back: not dead letters, not ones still waiting for their
  // first send (which must not make the write before them look superseded).
  const reachedPlatform = and(
    inArray(commands.agentId, agentIds),
    inArray(commands.kind, AVAILABILITY_KINDS),
    ne(commands.status, "dead"),
    or(inArray(commands.status, ["running", "succeeded"]), gt(commands.attempts, 0)),
  );
  const columns = {
    id: commands.id,
    agentId: commands.agentId,
    platform: commands.platform,
    payload: commands.payload,
    createdAt: commands.createdAt,
  };
  const recent = await tx
    .select(columns)
    .from(commands)
    .where(
      and(
        reachedPlatform,
        or(gte(commands.createdAt, new Date(sinceMs)), inArray(commands.status, ["running", "failed"])),
      ),
    );
  // Plus the latest one per platform whatever its age: a platform still showing what we last told it is no news
  // about the person (a poll long after our write must not read it as their choice).
  const latest = await tx
    .selectDistinctOn([commands.agentId, commands.kind], columns)
    .from(commands)
    .where(reachedPlatform)
    .orderBy(commands.agentId, commands.kind, desc(commands.id));
  const rows = [...new Map([...recent, ...latest].map((r) => [r.id, r])).values()].sort((x, y) =>
    x.id < y.id ? -1 : 1,
  );
  // Issue order, stamped with the decision time: never later than the send, so a platform's confirmation (which
  // may arrive before our request completes) is never older than the command it confirms.
  const out = new Map<string, IssuedCommand[]>();
  for (const r of rows) {
    const target = (r.payload as { target?: PlatformTarget }).target;
    if (!r.agentId || !target || !isPlatformId(r.platform)) continue;
    out.set(r.agentId, [
      ...(out.get(r.agentId) ?? []),
      { platform: r.platform, target, issuedAtMs: r.createdAt.getTime() } as IssuedCommand,
    ]);
  }
  return out;
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
