import { parseArgs } from "node:util";
import { and, eq } from "drizzle-orm";
import type { Logger } from "pino";
import { createConnectionBody } from "../api/contracts.ts";
import type { Config } from "../config.ts";
import { connectConnection } from "../connections/connect.ts";
import { listConnections } from "../connections/repo.ts";
import { createConnection, toConnectionDto } from "../connections/service.ts";
import { audit } from "../db/audit.ts";
import { migrateDatabase } from "../db/migrate.ts";
import { connections } from "../db/schema/index.ts";
import { ensureDefaultWorkspace } from "../db/workspaces.ts";
import { createDeps } from "../deps.ts";
import { withDatabase } from "./with-database.ts";

/** `switchboard connections create|list|delete`: the same operations as the API, for operators at a shell. */
export async function runConnectionsCommand(config: Config, log: Logger, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      platform: { type: "string" },
      name: { type: "string" },
      "webhook-secret": { type: "string" },
      settings: { type: "string" },
      credentials: { type: "string" },
    },
  });
  return withDatabase(config, log, async (url) => {
    await migrateDatabase(url);
    const deps = createDeps(config, url, log);
    try {
      const workspaceId = await ensureDefaultWorkspace(deps.database.db);
      switch (sub) {
        case "create": {
          const input = createConnectionBody.safeParse({
            platform: values.platform,
            name: values.name,
            webhookSecret: values["webhook-secret"],
            settings: jsonArg(values.settings),
            credentials: jsonArg(values.credentials),
          });
          if (!input.success) {
            console.error(
              `invalid arguments: ${input.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("; ")}`,
            );
            return 2;
          }
          console.log(JSON.stringify(await createConnection(deps, workspaceId, "cli", input.data), null, 2));
          return 0;
        }
        case "list": {
          const rows = await listConnections(deps.database.db, workspaceId);
          console.log(
            JSON.stringify(
              rows.map((row) => toConnectionDto(deps, row)),
              null,
              2,
            ),
          );
          return 0;
        }
        case "connect": {
          const id = positionals[0];
          if (!id) {
            console.error(
              "usage: switchboard connections connect <id>  (the hub must be running to answer RingCentral's handshake)",
            );
            return 2;
          }
          const result = await connectConnection(deps, workspaceId, "cli", id);
          if (!result) {
            console.error(`no connection ${id}`);
            return 1;
          }
          console.log(JSON.stringify(result, null, 2));
          return result.ok ? 0 : 1;
        }
        case "delete": {
          const id = positionals[0];
          if (!id) {
            console.error("usage: switchboard connections delete <id>");
            return 2;
          }
          const res = await deps.database.db
            .update(connections)
            .set({ deletedAt: new Date() })
            .where(and(eq(connections.id, id), eq(connections.workspaceId, workspaceId)))
            .returning({ id: connections.id });
          if (res.length === 0) {
            console.error(`no connection ${id}`);
            return 1;
          }
          await audit(deps.database.db, { workspaceId, actor: "cli", action: "connection.deleted", target: id });
          console.log(`deleted ${id}`);
          return 0;
        }
        default:
          console.error("usage: switchboard connections <create|list|connect|delete> …");
          return 2;
      }
    } finally {
      await deps.database.close();
    }
  });
}

/** `--settings '{"clientId":"…"}'`: a JSON object, or undefined (zod reports anything else). */
function jsonArg(value: string | undefined): unknown {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
