import { parseArgs } from "node:util";
import type { Logger } from "pino";
import { passwordSchema } from "../auth/passwords.ts";
import { resetPassword } from "../auth/reset-password.ts";
import type { Config } from "../config.ts";
import { migrateDatabase } from "../db/migrate.ts";
import { createDeps } from "../deps.ts";
import { randomToken } from "../lib/crypto.ts";
import { withDatabase } from "./with-database.ts";

export const RESET_PASSWORD_USAGE = `  users reset-password --email <email> [--password-stdin]
                     A new password for the user (generated and printed once, or read from stdin);
                     all their sessions end. Works while the hub runs.`;

/** Reads the whole of stdin; one trailing newline (from `echo` or a file) is not part of the password. */
export async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write("new password (end with Enter, then Ctrl-D): ");
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

/** `switchboard users reset-password`: for a forgotten or leaked password, from a shell on the hub's host. */
export async function runResetPassword(config: Config, log: Logger, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { email: { type: "string" }, "password-stdin": { type: "boolean" } } });
  if (!values.email) {
    console.error(`--email is required\nusage:\n${RESET_PASSWORD_USAGE}`);
    return 2;
  }
  const fromStdin = values["password-stdin"] === true;
  const password = fromStdin ? await readStdin() : randomToken(15);
  const checked = passwordSchema.safeParse(password);
  if (!checked.success) {
    console.error(`password from stdin: ${checked.error.issues.map((i) => i.message).join("; ")}`);
    return 2;
  }
  return withDatabase(config, log, async (url) => {
    await migrateDatabase(url);
    const deps = createDeps(config, url, log);
    try {
      const reset = await resetPassword(deps.database.db, {
        email: values.email ?? "",
        password,
        actor: "cli",
        nowMs: deps.now(),
      });
      if (!reset) {
        console.error(`no user with the email ${values.email}`);
        return 1;
      }
      const { user, sessionsEnded } = reset;
      console.log(
        JSON.stringify({ id: user.id, email: user.email, workspaceId: user.workspaceId, sessionsEnded }, null, 2),
      );
      if (user.disabledAt) console.log("note: this user is disabled; an admin can enable them on the Users page");
      if (!fromStdin) console.log(`password (shown once): ${password}`);
      return 0;
    } finally {
      await deps.database.close();
    }
  });
}
