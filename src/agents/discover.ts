import { and, eq, inArray, isNull } from "drizzle-orm";
import type { DbOrTx } from "../db/database.ts";
import { agentIdentities, agents } from "../db/schema/index.ts";
import { newId } from "../lib/ids.ts";
import type { PlatformUser } from "../platforms/connection-types.ts";

/**
 * Turns the users found on a platform into agent identities: matched to agents by email (case-insensitive),
 * creating the agent when none has that email yet. Identities a person set by hand are never moved.
 * `notAgents` are users of the platform who take no work (the integration's own user): an identity discovery
 * linked for one earlier is removed, and so is the agent it created, when that identity was all it had.
 */
export async function syncIdentities(
  db: DbOrTx,
  workspaceId: string,
  connection: { id: string; platform: string },
  users: PlatformUser[],
  notAgents: PlatformUser[] = [],
): Promise<{ agentsCreated: number; identitiesLinked: number; agentsRemoved: number }> {
  let agentsCreated = 0;
  let identitiesLinked = 0;
  for (const user of users) {
    const email = user.email?.trim().toLowerCase();
    if (!email) continue;
    let [agent] = await db
      .select({ id: agents.id })
      .from(agents)
      .where(and(eq(agents.workspaceId, workspaceId), eq(agents.email, email), isNull(agents.deletedAt)))
      .limit(1);
    if (!agent) {
      agent = { id: newId("agt") };
      await db.insert(agents).values({ id: agent.id, workspaceId, name: user.name ?? email, email });
      agentsCreated += 1;
    }
    const inserted = await db
      .insert(agentIdentities)
      .values({
        id: newId("agt"),
        workspaceId,
        agentId: agent.id,
        connectionId: connection.id,
        platform: connection.platform,
        externalId: user.externalId,
        email,
        displayName: user.name,
      })
      .onConflictDoUpdate({
        target: [agentIdentities.connectionId, agentIdentities.externalId],
        set: { agentId: agent.id, email, displayName: user.name },
        setWhere: eq(agentIdentities.manual, false),
      })
      .returning({ id: agentIdentities.id });
    identitiesLinked += inserted.length;
  }
  const agentsRemoved = await unlinkNotAgents(db, workspaceId, connection.id, notAgents);
  return { agentsCreated, identitiesLinked, agentsRemoved };
}

async function unlinkNotAgents(
  db: DbOrTx,
  workspaceId: string,
  connectionId: string,
  notAgents: PlatformUser[],
): Promise<number> {
  if (notAgents.length === 0) return 0;
  const removed = await db
    .delete(agentIdentities)
    .where(
      and(
        eq(agentIdentities.connectionId, connectionId),
        inArray(
          agentIdentities.externalId,
          notAgents.map((u) => u.externalId),
        ),
        eq(agentIdentities.manual, false),
      ),
    )
    .returning({ agentId: agentIdentities.agentId });
  let agentsRemoved = 0;
  for (const { agentId } of removed) {
    const [left] = await db
      .select({ id: agentIdentities.id })
      .from(agentIdentities)
      .where(eq(agentIdentities.agentId, agentId))
      .limit(1);
    if (left) continue;
    const gone = await db
      .update(agents)
      .set({ deletedAt: new Date() })
      .where(and(eq(agents.workspaceId, workspaceId), eq(agents.id, agentId), isNull(agents.deletedAt)))
      .returning({ id: agents.id });
    agentsRemoved += gone.length;
  }
  return agentsRemoved;
}
