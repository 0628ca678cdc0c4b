import { parseArgs } from "node:util";
import { and, eq } from "drizzle-orm";
import type { Logger } from "pino";
import { passwordSchema } from "../auth/passwords.ts";
import { createUser, EmailTakenError } from "../auth/users.ts";
import type { Config } from "../config.ts";
import { audit } from "../db/audit.ts";
import { migrateDatabase } from "../db/migrate.ts";
import { workspaces } from "../db/schema/index.ts";
import { ensureDefaultWorkspace } from "../db/workspaces.ts";
import { createDeps } from "../deps.ts";
import { randomToken } from "../lib/crypto.ts";
import { newId } from "../lib/ids.ts";
import { RESET_PASSWORD_USAGE, readStdin, runResetPassword } from "./users-reset-password.ts";
import { withDatabase } from "./with-database.ts";

export const USERS_USAGE = `  users create-admin --email <email> [--name <name>] [--password <p> | --password-stdin]
                     [--workspace <id> | --new-workspace <name>]
                     Without --password, ADMIN_PASSWORD is used, else one is generated and printed once.
${RESET_PASSWORD_USAGE}`;

/** `switchboard users create-admin`: an admin for the default workspace, a given one, or a new one. */
export async function runUsersCommand(config: Config, log: Logger, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === "reset-password") return runResetPassword(config, log, rest);
  if (sub !== "create-admin") {
    console.error(`usage:\n${USERS_USAGE}`);
    return 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      email: { type: "string" },
      name: { type: "string" },
      password: { type: "string" },
      "password-stdin": { type: "boolean" },
      workspace: { type: "string" },
      "new-workspace": { type: "string" },
    },
  });
  const email = values.email ?? config.ADMIN_EMAIL;
  if (!email) {
    console.error("--email is required (or set ADMIN_EMAIL)");
    return 2;
  }
  const given = values["password-stdin"] ? await readStdin() : (values.password ?? config.ADMIN_PASSWORD);
  const password = given ?? randomToken(15);
  const checked = passwordSchema.safeParse(password);
  if (!checked.success) {
    console.error(`password: ${checked.error.issues.map((i) => i.message).join("; ")}`);
    return 2;
  }
  return withDatabase(config, log, async (url) => {
    await migrateDatabase(url);
    const deps = createDeps(config, url, log);
    try {
      const db = deps.database.db;
      let workspaceId: string;
      if (values["new-workspace"]) {
        workspaceId = newId("wsp");
        await db.insert(workspaces).values({ id: workspaceId, workspaceId, name: values["new-workspace"] });
      } else if (values.workspace) {
        const [row] = await db
          .select()
          .from(workspaces)
          .where(and(eq(workspaces.id, values.workspace)));
        if (!row) {
          console.error(`no workspace ${values.workspace}`);
          return 1;
        }
        workspaceId = row.id;
      } else {
        workspaceId = await ensureDefaultWorkspace(db);
      }
      const user = await createUser(db, {
        workspaceId,
        email,
        name: values.name ?? "Administrator",
        role: "admin",
        password,
      });
      await audit(db, {
        workspaceId,
        actor: "cli",
        action: "user.created",
        target: user.id,
        details: { email: user.email, role: "admin" },
      });
      console.log(JSON.stringify({ id: user.id, email: user.email, role: user.role, workspaceId }, null, 2));
      if (!given) console.log(`password (shown once): ${password}`);
      return 0;
    } catch (error) {
      if (error instanceof EmailTakenError) {
        console.error(error.message);
        return 1;
      }
      throw error;
    } finally {
      await deps.database.close();
    }
  });
}
