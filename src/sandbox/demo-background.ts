import type { Sandboxes } from "../../sim/start.ts";
import type { Deps } from "../deps.ts";
import { fetchBoard, formatBoard } from "./board.ts";
import { botReport } from "./bot-demo.ts";
import { DEMO_BOT_CHATWOOT_INBOX } from "./bot-wiring.ts";
import { runDemo } from "./demo.ts";

/**
 * `serve --sandbox --demo`: scripted days, one after another, through the in-process sandboxes until shutdown,
 * so the dashboard shows the team changing live. Returns the stop entry for the hub's shutdown list.
 */
export function startBackgroundDemo(
  deps: Deps,
  sandboxes: Sandboxes,
  hubUrl: string,
): { name: string; stop: () => Promise<void> } {
  const stop = new AbortController();
  const done = runDemo({
    urls: {
      livechat: sandboxes.livechat.url,
      ringcentral: sandboxes.ringcentral.url,
      chatwoot: sandboxes.chatwoot.url,
    },
    minutes: 10,
    speed: 1,
    seed: 1,
    loop: true,
    signal: stop.signal,
    print: (line) => process.stdout.write(`${line}\n`),
    board: async () => formatBoard(await fetchBoard(hubUrl, deps.adminApiKey)),
    bot: {
      chatwootUrl: sandboxes.chatwoot.url,
      inboxId: DEMO_BOT_CHATWOOT_INBOX,
      livechatUrl: sandboxes.livechat.url,
      report: () => botReport(hubUrl, deps.adminApiKey),
    },
    chat: { hubUrl, adminKey: deps.adminApiKey },
  }).catch((error: unknown) => deps.log.error({ err: error }, "the demo day stopped"));
  deps.log.info("demo: playing scripted days through the sandboxes (stops with the hub)");
  return {
    name: "demo",
    stop: async () => {
      stop.abort();
      await done;
    },
  };
}
