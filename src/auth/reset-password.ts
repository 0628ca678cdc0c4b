import { and, eq, isNull, sql } from "drizzle-orm";
import { audit } from "../db/audit.ts";
import type { Db } from "../db/database.ts";
import { users } from "../db/schema/index.ts";
import { hashPassword } from "./passwords.ts";
import { revokeUserSessions } from "./refresh-tokens.ts";
import type { UserRow } from "./users.ts";

export type PasswordReset = { user: UserRow; sessionsEnded: number };

/**
 * An operator's password reset (the CLI, for a locked-out admin): the new hash, every refresh token of the user
 * revoked and the token version bumped (so access tokens already issued stop working too), and an audit entry,
 * in one transaction. Undefined when no user (not deleted) has the email.
 */
export async function resetPassword(
  db: Db,
  input: { email: string; password: string; actor: string; nowMs: number },
): Promise<PasswordReset | undefined> {
  const passwordHash = await hashPassword(input.password);
  const now = new Date(input.nowMs);
  return db.transaction(async (tx) => {
    const [user] = await tx
      .update(users)
      .set({ passwordHash, tokenVersion: sql`${users.tokenVersion} + 1`, updatedAt: now })
      .where(and(eq(users.email, input.email.trim().toLowerCase()), isNull(users.deletedAt)))
      .returning();
    if (!user) return undefined;
    const sessionsEnded = await revokeUserSessions(tx, user.id, input.nowMs);
    await audit(tx, {
      workspaceId: user.workspaceId,
      actor: input.actor,
      action: "user.password_reset",
      target: user.id,
      details: { email: user.email, sessionsEnded },
    });
    return { user, sessionsEnded };
  });
}
