import { and, eq } from "drizzle-orm";
import type { Principal } from "../auth/principal.ts";
import { findUser } from "../auth/users.ts";
import type { DbOrTx } from "../db/database.ts";
import { agents } from "../db/schema/index.ts";
import type { ConversationRow } from "./store.ts";

/** Who looks at the chat inbox: the agent behind the login (if any), and whether they see every chat. */
export type ChatViewer = { agentId: string | null; seesAll: boolean };

/**
 * Supervisors and admins (by login role or by the agent's chat role) see every chat; an agent sees the queue
 * and their own chats. Keys without a person behind them (integrations) see everything their scope allows.
 */
export async function chatViewer(db: DbOrTx, principal: Principal): Promise<ChatViewer> {
  const user = principal.userId ? await findUser(db, principal.workspaceId, principal.userId) : undefined;
  const agentId = user?.agentId ?? null;
  if (principal.role !== "agent" || !principal.userId) return { agentId, seesAll: true };
  if (!agentId) return { agentId: null, seesAll: false };
  const [agent] = await db
    .select({ chatRole: agents.chatRole })
    .from(agents)
    .where(and(eq(agents.id, agentId), eq(agents.workspaceId, principal.workspaceId)));
  return { agentId, seesAll: agent?.chatRole === "admin" || agent?.chatRole === "supervisor" };
}

export const canSee = (viewer: ChatViewer, conv: ConversationRow): boolean =>
  viewer.seesAll || conv.status === "queued" || (viewer.agentId !== null && conv.agentId === viewer.agentId);
