import { eq, inArray } from "drizzle-orm";
import type { AgentSummaryDto } from "../api/contracts.ts";
import type { DbOrTx } from "../db/database.ts";
import { agentIdentities, type agents } from "../db/schema/index.ts";
import {
  type Actuals,
  actualsSchema,
  agentStateSchema,
  type Desired,
  initialAgentState,
  resolvePolicy,
  satisfies,
  summarize,
} from "../domain/availability/index.ts";
import { isPlatformId, type PlatformId } from "../domain/platform.ts";

type AgentRow = typeof agents.$inferSelect;
type IdentityRow = typeof agentIdentities.$inferSelect;

const flat = (v: unknown): Record<string, string> | null =>
  v && typeof v === "object"
    ? (Object.fromEntries(Object.entries(v).filter(([, x]) => typeof x === "string")) as Record<string, string>)
    : null;

/** The board's view of an agent: state, load, and per platform the desired vs actual state with an in-sync mark. */
export function agentView(row: AgentRow, identities: IdentityRow[]): AgentSummaryDto {
  const base = row.state ? agentStateSchema.parse(row.state) : initialAgentState();
  const state = { ...base, capacity: row.capacity, costs: { call: row.callCost, chat: row.chatCost } };
  const policy = resolvePolicy(row.policy);
  const summary = summarize(state, policy);
  const actuals: Actuals = actualsSchema.parse(row.actuals ?? {});
  const desired = row.desired as Desired;
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    capacity: row.capacity,
    costs: { call: row.callCost, chat: row.chatCost },
    load: summary.load,
    status: summary.status,
    // The engine keeps the epoch as the default intent's time (older than any real change); nobody set it.
    intent: { ...state.intent, at: state.intent.source === "default" ? null : state.intent.at },
    engagements: state.engagements.map((e) => ({
      kind: e.kind,
      platform: e.platform,
      id: e.id,
      status: e.kind === "call" ? e.status : undefined,
      startedAt: e.startedAt,
    })),
    platforms: identities
      .filter((i): i is IdentityRow & { platform: PlatformId } => isPlatformId(i.platform))
      .map((i) => {
        const actual = actuals[i.platform];
        const target = desired[i.platform];
        const inSync = !target || satisfies(i.platform, actual?.state as never, target as never);
        return {
          platform: i.platform,
          connectionId: i.connectionId,
          externalId: i.externalId,
          desired: flat(target),
          actual: flat(actual?.state),
          actualAt: actual?.at ?? null,
          actualSource: actual?.source ?? null,
          inSync,
        };
      }),
    chat: {
      role: row.chatRole,
      maxChats: row.maxChats,
      enabled: row.chatEnabled,
      acceptingChats: row.chatEnabled && row.deletedAt === null && summary.acceptingChats,
    },
    deletedAt: row.deletedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function agentViews(db: DbOrTx, rows: AgentRow[]): Promise<AgentSummaryDto[]> {
  if (rows.length === 0) return [];
  const identities = await db
    .select()
    .from(agentIdentities)
    .where(
      inArray(
        agentIdentities.agentId,
        rows.map((r) => r.id),
      ),
    );
  return rows.map((row) =>
    agentView(
      row,
      identities.filter((i) => i.agentId === row.id),
    ),
  );
}

export async function identitiesFor(db: DbOrTx, agentId: string): Promise<IdentityRow[]> {
  return db.select().from(agentIdentities).where(eq(agentIdentities.agentId, agentId));
}
