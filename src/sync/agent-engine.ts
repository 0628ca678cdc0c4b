import { and, desc, eq, gt, gte, inArray, isNull, ne, or } from "drizzle-orm";
import { type CommandPayload, TARGET_STATE_KINDS } from "../commands/kinds.ts";
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
  type PlatformTargets,
  reconcile,
  resolvePolicy,
} from "../domain/availability/index.ts";
import type { PlatformId } from "../domain/platform.ts";
import { isPlatformId } from "../domain/platform.ts";
import { newId } from "../lib/ids.ts";
import { platforms } from "../platforms/registry.ts";
import { freedRoom, wakeRouting } from "./chat-wake.ts";
import { notifyLive } from "./live.ts";

export const ECHO_CLOCK_SKEW_MS = 500;

const AVAILABILITY_KINDS: string[] = [...TARGET_STATE_KINDS];

export type Identity = { platform: PlatformId; connectionId: string; externalId: string };

/** What one step of the engine does to an agent, given its current state and the context to judge events. */
export type EngineStep = (
  state: AgentState,
  actuals: Actuals,
  ctx: ApplyContext,
) => Pick<ApplyResult, "state" | "actuals"> & { notes?: string[] };

/** The platform module's command for an availability decision (the platform and its target stay correlated). */
function availabilityCommand<P extends PlatformId>(
  platform: P,
  externalId: string,
  target: PlatformTargets[P],
): CommandPayload {
  return platforms[platform].availabilityCommand(externalId, target);
}

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
  const ctx: ApplyContext = {
    nowMs: input.nowMs,
    recentCommands: await recentIssued(tx, row.id, input.nowMs - DEFAULT_ECHO_WINDOW_MS),
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
  const pending = await pendingTargets(tx, row.id);
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
    toIssue.push({ ...base, payload: availabilityCommand(spec.platform, identity.externalId, spec.target) });
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

/** The target of the latest availability command per platform, when it is still on its way. */
async function pendingTargets(tx: DbOrTx, agentId: string): Promise<Desired> {
  const rows = await tx
    .selectDistinctOn([commands.kind], {
      platform: commands.platform,
      payload: commands.payload,
      status: commands.status,
    })
    .from(commands)
    .where(and(eq(commands.agentId, agentId), inArray(commands.kind, AVAILABILITY_KINDS)))
    .orderBy(commands.kind, desc(commands.id));
  const pending: Record<string, PlatformTarget> = {};
  for (const r of rows) {
    const target = (r.payload as { target?: PlatformTarget }).target;
    if (target && isPlatformId(r.platform) && ["pending", "running", "failed"].includes(r.status))
      pending[r.platform] = target;
  }
  return pending as Desired;
}

/** Commands sent to this agent recently (or still waiting): the echo guard's memory. */
async function recentIssued(tx: DbOrTx, agentId: string, sinceMs: number): Promise<IssuedCommand[]> {
  // Only commands that reached the platform can echo back: not dead letters, not ones still waiting for their
  // first send (which must not make the write before them look superseded).
  const reachedPlatform = and(
    eq(commands.agentId, agentId),
    inArray(commands.kind, AVAILABILITY_KINDS),
    ne(commands.status, "dead"),
    or(inArray(commands.status, ["running", "succeeded"]), gt(commands.attempts, 0)),
  );
  const columns = {
    id: commands.id,
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
    .selectDistinctOn([commands.kind], columns)
    .from(commands)
    .where(reachedPlatform)
    .orderBy(commands.kind, desc(commands.id));
  const rows = [...new Map([...recent, ...latest].map((r) => [r.id, r])).values()].sort((x, y) =>
    x.id < y.id ? -1 : 1,
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
