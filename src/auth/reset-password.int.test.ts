import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/helpers/database.ts";
import { auditLog, refreshTokens, users } from "../db/schema/index.ts";
import { ensureDefaultWorkspace } from "../db/workspaces.ts";
import { verifyPassword } from "./passwords.ts";
import { issueRefreshToken } from "./refresh-tokens.ts";
import { resetPassword } from "./reset-password.ts";
import { createUser } from "./users.ts";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let workspaceId: string;
const NOW = Date.parse("2026-03-02T10:00:00Z");

beforeAll(async () => {
  database = await createTestDatabase();
  workspaceId = await ensureDefaultWorkspace(database.db);
});
afterAll(async () => {
  await database.drop();
});

const liveTokens = async (userId: string) =>
  database.db
    .select()
    .from(refreshTokens)
    .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));

describe("resetPassword", () => {
  it("sets the new password, ends every session of that user only, bumps the token version and audits", async () => {
    const user = await createUser(database.db, {
      workspaceId,
      email: "ops@example.test",
      name: "Ops",
      role: "admin",
      password: "the-old-password",
    });
    const other = await createUser(database.db, {
      workspaceId,
      email: "other@example.test",
      name: "Other",
      role: "agent",
      password: "someone-elses-password",
    });
    const session = { workspaceId, ttlSeconds: 3600, nowMs: NOW };
    const first = await issueRefreshToken(database.db, { ...session, userId: user.id });
    await issueRefreshToken(database.db, { ...session, userId: user.id, familyId: first.familyId });
    await issueRefreshToken(database.db, { ...session, userId: user.id });
    await issueRefreshToken(database.db, { ...session, userId: other.id });

    const reset = await resetPassword(database.db, {
      email: "  OPS@example.test ",
      password: "the-new-password",
      actor: "cli",
      nowMs: NOW,
    });

    expect(reset?.user.id).toBe(user.id);
    expect(reset?.sessionsEnded).toBe(2);
    const [row] = await database.db.select().from(users).where(eq(users.id, user.id));
    expect(await verifyPassword(row?.passwordHash ?? "", "the-new-password")).toBe(true);
    expect(await verifyPassword(row?.passwordHash ?? "", "the-old-password")).toBe(false);
    expect(row?.tokenVersion).toBe(user.tokenVersion + 1);
    expect(await liveTokens(user.id)).toEqual([]);
    expect(await liveTokens(other.id)).toHaveLength(1);
    const audits = await database.db.select().from(auditLog).where(eq(auditLog.target, user.id));
    expect(audits.map((a) => [a.action, a.actor])).toContainEqual(["user.password_reset", "cli"]);
  });

  it("finds no deleted user and no unknown email, and changes nothing then", async () => {
    const gone = await createUser(database.db, {
      workspaceId,
      email: "gone@example.test",
      name: "Gone",
      role: "agent",
      password: "a-deleted-users-password",
    });
    await database.db
      .update(users)
      .set({ deletedAt: new Date(NOW) })
      .where(eq(users.id, gone.id));
    const args = { password: "a-brand-new-password", actor: "cli", nowMs: NOW };
    expect(await resetPassword(database.db, { ...args, email: "gone@example.test" })).toBeUndefined();
    expect(await resetPassword(database.db, { ...args, email: "nobody@example.test" })).toBeUndefined();
    const [row] = await database.db.select().from(users).where(eq(users.id, gone.id));
    expect(row?.passwordHash).toBe(gone.passwordHash);
  });
});
