import { and, eq, isNull } from "drizzle-orm";
import type { PlatformUser } from "../connections/connect-types.ts";
import type { DbOrTx } from "../db/database.ts";
import { agentIdentities, agents } from "../db/schema/index.ts";
import { newId } from "../lib/ids.ts";

/**
 * Turns the users found on a platform into agent identities: matched to agents by email (case-insensitive),
 * creating the agent when none has that email yet. Identities a person set by hand are never moved.
 */
export async function syncIdentities(
  db: DbOrTx,
  workspaceId: string,
  connection: { id: string; platform: string },
  users: PlatformUser[],
): Promise<{ agentsCreated: number; identitiesLinked: number }> {
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
  return { agentsCreated, identitiesLinked };
}
