import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "../db/database.ts";
import { isUniqueViolation } from "../db/errors.ts";
import { USER_ROLES, type UserRole, users } from "../db/schema/index.ts";
import { newId } from "../lib/ids.ts";
import { hashPassword } from "./passwords.ts";

export type UserRow = typeof users.$inferSelect;

export const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(USER_ROLES),
  agentId: z.string().nullable(),
  disabled: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type UserDto = z.infer<typeof userSchema>;

export const toUserDto = (row: UserRow): UserDto => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role,
  agentId: row.agentId,
  disabled: row.disabledAt !== null,
  lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

export type NewUser = {
  workspaceId: string;
  email: string;
  name: string;
  role: UserRole;
  password: string;
  agentId?: string | null;
};

export class EmailTakenError extends Error {
  constructor(email: string) {
    super(`a user with the email ${email} exists`);
  }
}

export async function createUser(db: DbOrTx, input: NewUser): Promise<UserRow> {
  const email = input.email.trim().toLowerCase();
  const passwordHash = await hashPassword(input.password);
  try {
    const [row] = await db
      .insert(users)
      .values({
        id: newId("usr"),
        workspaceId: input.workspaceId,
        email,
        name: input.name,
        role: input.role,
        passwordHash,
        agentId: input.agentId ?? null,
      })
      .returning();
    if (!row) throw new Error("insert returned no row");
    return row;
  } catch (error) {
    if (isUniqueViolation(error)) throw new EmailTakenError(email);
    throw error;
  }
}

/** Across workspaces: a login names only an email. */
export async function findUserByEmail(db: DbOrTx, email: string): Promise<UserRow | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.email, email.trim().toLowerCase()), isNull(users.deletedAt)));
  return row;
}

export async function findUser(db: DbOrTx, workspaceId: string, id: string): Promise<UserRow | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.workspaceId, workspaceId), eq(users.id, id), isNull(users.deletedAt)));
  return row;
}

/** A user who may sign in and use a token: not deleted, not disabled. */
export const isActive = (row: UserRow): boolean => row.deletedAt === null && row.disabledAt === null;
