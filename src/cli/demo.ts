import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import type { Config } from "../config.ts";
import { fetchBoard, formatBoard } from "../sandbox/board.ts";
import { botReport } from "../sandbox/bot-demo.ts";
import { DEMO_BOT_CHATWOOT_INBOX } from "../sandbox/bot-wiring.ts";
import { runDemo } from "../sandbox/demo.ts";

export const DEMO_USAGE = `  demo [--minutes N] [--speed X] [--seed S] [--loop]
                     plays a scripted day against a running \`npm start\` (its sandboxes and hub)`;

const argsSchema = z.object({
  minutes: z.coerce
    .number()
    .positive()
    .max(24 * 60)
    .default(10),
  speed: z.coerce.number().positive().max(1000).default(1),
  seed: z.coerce.number().int().nonnegative().default(1),
  loop: z.boolean().default(false),
});

/** The admin key the hub uses: ADMIN_API_KEY, else the one it generated into DATA_DIR. */
function adminKey(config: Config): string {
  if (config.ADMIN_API_KEY) return config.ADMIN_API_KEY;
  const file = path.resolve(config.DATA_DIR, "admin-api-key");
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    throw new Error(`no ADMIN_API_KEY and no ${file}: start the hub first (npm start)`);
  }
}

/** `switchboard demo`: a scripted day through the sandboxes of a hub started with `npm start`. */
export async function runDemoCommand(config: Config, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      minutes: { type: "string" },
      speed: { type: "string" },
      seed: { type: "string" },
      loop: { type: "boolean" },
    },
  });
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    console.error(
      `invalid arguments: ${parsed.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("; ")}\n${DEMO_USAGE}`,
    );
    return 2;
  }
  const host = config.HOST === "0.0.0.0" ? "127.0.0.1" : config.HOST;
  const hubUrl = `http://${host}:${config.PORT}`;
  const key = adminKey(config);
  const stop = new AbortController();
  process.once("SIGINT", () => stop.abort());
  process.once("SIGTERM", () => stop.abort());
  const urls = {
    livechat: `http://${host}:${config.SANDBOX_LIVECHAT_PORT}`,
    ringcentral: `http://${host}:${config.SANDBOX_RINGCENTRAL_PORT}`,
    chatwoot: `http://${host}:${config.SANDBOX_CHATWOOT_PORT}`,
  };
  try {
    await runDemo({
      urls,
      ...parsed.data,
      signal: stop.signal,
      print: (line) => console.log(line),
      board: async () => formatBoard(await fetchBoard(hubUrl, key)),
      bot: {
        chatwootUrl: urls.chatwoot,
        inboxId: DEMO_BOT_CHATWOOT_INBOX,
        livechatUrl: urls.livechat,
        report: () => botReport(hubUrl, key),
      },
      chat: { hubUrl, adminKey: key },
    });
  } catch (error) {
    // The usual cause is no hub running: say where we looked rather than print a fetch stack.
    console.error(
      `demo stopped: ${error instanceof Error ? error.message : String(error)}\n` +
        `  sandboxes expected at ${Object.values(urls).join(", ")}, hub at ${hubUrl} — is \`npm start\` running?`,
    );
    return 1;
  }
  return 0;
}
