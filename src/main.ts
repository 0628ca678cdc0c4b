#!/usr/bin/env node
import { parseArgs } from "node:util";
import { runConnectionsCommand } from "./cli/connections.ts";
import { DEMO_USAGE, runDemoCommand } from "./cli/demo.ts";
import { RC_USAGE, runRcCommand } from "./cli/rc.ts";
import { startHub } from "./cli/serve.ts";
import { runUsersCommand, USERS_USAGE } from "./cli/users.ts";
import { withDatabase } from "./cli/with-database.ts";
import { loadConfig } from "./config.ts";
import { migrateDatabase } from "./db/migrate.ts";
import { createLogger } from "./lib/logger.ts";

const USAGE = `switchboard <command> [options]

Commands:
  serve [--no-worker] [--sandbox] [--demo]
                                   HTTP API + webhook ingest (with an in-process worker unless --no-worker);
                                   --demo plays scripted days through the sandboxes until stopped
  worker                           background jobs only
  migrate                          apply database migrations and exit
  connections create --platform <livechat|ringcentral|chatwoot> --name <name>
                     [--webhook-secret <s>] [--settings <json>] [--credentials <json>]
  connections list
  connections connect <id>
  connections delete <id>
${USERS_USAGE}
${DEMO_USAGE}
${RC_USAGE}

Configuration comes from the environment; see .env.template.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const config = loadConfig();
  const longRunning = command === "serve" || command === "worker";
  const log = createLogger(config.LOG_LEVEL, { to: longRunning ? 1 : 2 });
  switch (command) {
    case "serve": {
      const { values } = parseArgs({
        args: rest,
        options: { "no-worker": { type: "boolean" }, sandbox: { type: "boolean" }, demo: { type: "boolean" } },
      });
      await startHub(config, log, {
        worker: !values["no-worker"],
        sandbox: values.sandbox ?? config.SANDBOX,
        http: true,
        demo: values.demo ?? false,
      });
      return -1; // keeps running until a signal
    }
    case "worker":
      await startHub(config, log, { worker: true, sandbox: false, http: false });
      return -1;
    case "migrate":
      return withDatabase(config, log, async (url) => {
        await migrateDatabase(url);
        log.info("migrations applied");
        return 0;
      });
    case "connections":
      return runConnectionsCommand(config, log, rest);
    case "users":
      return runUsersCommand(config, log, rest);
    case "demo":
      return runDemoCommand(config, rest);
    case "rc":
      return runRcCommand(config, log, rest);
    case undefined:
    case "help":
    case "--help":
      console.log(USAGE);
      return command ? 0 : 1;
    default:
      console.error(`unknown command: ${command}\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
