import { count, isNull } from "drizzle-orm";
import type { Logger } from "pino";
import type { Config } from "../config.ts";
import { audit } from "../db/audit.ts";
import type { Db } from "../db/database.ts";
import { users } from "../db/schema/index.ts";
import { randomToken } from "../lib/crypto.ts";
import { createUser, EmailTakenError } from "./users.ts";

export const SANDBOX_ADMIN_EMAIL = "admin@switchboard.local";

export type FirstAdmin =
  | { kind: "exists" }
  | {
      kind: "created";
      email: string;
      source: "env" | "sandbox" /** Only when generated: shown once. */;
      password?: string;
    }
  | { kind: "none" };

/**
 * On a deployment's first start (no user anywhere) the first admin comes from ADMIN_EMAIL + ADMIN_PASSWORD, or in
 * sandbox mode is generated so `npm start` can be signed into at once. Later starts change nothing.
 */
export async function ensureFirstAdmin(
  db: Db,
  input: { workspaceId: string; config: Config; sandbox: boolean; log: Logger },
): Promise<FirstAdmin> {
  const { config, log } = input;
  const [existing] = await db.select({ n: count() }).from(users).where(isNull(users.deletedAt));
  if ((existing?.n ?? 0) > 0) return { kind: "exists" };
  let email: string;
  let password: string;
  let source: "env" | "sandbox";
  if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) {
    [email, password, source] = [config.ADMIN_EMAIL, config.ADMIN_PASSWORD, "env"];
  } else if (input.sandbox) {
    [email, password, source] = [config.ADMIN_EMAIL ?? SANDBOX_ADMIN_EMAIL, randomToken(15), "sandbox"];
  } else {
    if (config.ADMIN_EMAIL) log.warn("ADMIN_EMAIL is set without ADMIN_PASSWORD: no admin was created");
    log.warn("no users yet: set ADMIN_EMAIL and ADMIN_PASSWORD, or run `switchboard users create-admin --email <e>`");
    return { kind: "none" };
  }
  try {
    const user = await createUser(db, {
      workspaceId: input.workspaceId,
      email,
      name: "Administrator",
      role: "admin",
      password,
    });
    await audit(db, {
      workspaceId: input.workspaceId,
      actor: "system",
      action: "user.created",
      target: user.id,
      details: { email: user.email, role: "admin", source },
    });
    log.info({ email: user.email, source }, "first admin created");
    return { kind: "created", email: user.email, source, password: source === "sandbox" ? password : undefined };
  } catch (error) {
    // Another process starting at the same moment created it first.
    if (error instanceof EmailTakenError) return { kind: "exists" };
    throw error;
  }
}
