import { setTimeout as sleep } from "node:timers/promises";
import { playBotCustomers, playLivechatBotCustomers } from "./bot-demo.ts";
import { generateDay } from "./day.ts";
import { createDayDriver } from "./day-driver.ts";
import { clock, summarizeScript } from "./day-format.ts";
import { playWidgetChats } from "./demo-chats.ts";
import type { SandboxUrls } from "./sim-api.ts";

export type DemoOptions = {
  urls: SandboxUrls;
  minutes: number;
  speed: number;
  seed: number;
  /** Play day after day (seed, seed+1, …) until the signal aborts. */
  loop: boolean;
  signal?: AbortSignal;
  print: (line: string) => void;
  /** Renders the hub's board; printed every `boardEveryMs` of real time while a day plays. */
  board?: () => Promise<string>;
  boardEveryMs?: number;
  /** The agent bot's customers (Chatwoot bot inbox) and the line reporting its resolution rate. */
  bot?: { chatwootUrl: string; inboxId: number; livechatUrl?: string; report: () => Promise<string> };
  /** The hub to open built-in widget chats on while the day plays (skipped when absent). */
  chat?: { hubUrl: string; adminKey: string };
};

/** Plays scripted days against the sandboxes, printing every action and, now and then, the hub's board. */
export async function runDemo(options: DemoOptions): Promise<void> {
  const driver = await createDayDriver({
    urls: options.urls,
    speed: options.speed,
    print: options.print,
    ...signalOf(options),
  });
  // Widget visitors play beside the day's script and stop with it (or with the caller's signal).
  const chatsDone = new AbortController();
  const chatSignal = options.signal ? AbortSignal.any([chatsDone.signal, options.signal]) : chatsDone.signal;
  const chats = options.chat
    ? playWidgetChats({ ...options.chat, speed: options.speed, print: options.print, signal: chatSignal }).catch(
        (e: unknown) => options.print(`  widget chats stopped: ${String(e)}`),
      )
    : undefined;
  for (let day = 0; !options.signal?.aborted; day++) {
    const seed = options.seed + day;
    const script = generateDay({ seed, minutes: options.minutes });
    options.print(
      `── day ${day + 1} (seed ${seed}): ${options.minutes} simulated minutes at ${options.speed}× — ${summarizeScript(script.actions)}`,
    );
    const boards = options.board ? printBoards(options.board, options.boardEveryMs ?? 10_000, options) : undefined;
    const bot = options.bot
      ? playBotCustomers({
          chatwootUrl: options.bot.chatwootUrl,
          inboxId: options.bot.inboxId,
          gapMs: Math.max(500, Math.round(script.durationMs / options.speed / 12)),
          print: options.print,
          ...signalOf(options),
        }).catch((e: unknown) => options.print(`  bot inbox: stopped (${String(e)})`))
      : undefined;
    const livechatBot = options.bot?.livechatUrl
      ? playLivechatBotCustomers({
          livechatUrl: options.bot.livechatUrl,
          gapMs: Math.max(500, Math.round(script.durationMs / options.speed / 8)),
          print: options.print,
          ...signalOf(options),
        }).catch((e: unknown) => options.print(`  LiveChat bot: stopped (${String(e)})`))
      : undefined;
    const stats = await driver.play(script).finally(() => boards?.abort());
    await bot;
    await livechatBot;
    options.print(
      `── day ${day + 1} over at ${clock(script.durationMs)}: ${stats.done} actions done, ${stats.skipped} refused or skipped, ${stats.failed} failed`,
    );
    if (options.board)
      options.print(await options.board().catch((e: unknown) => `  (board unavailable: ${String(e)})`));
    if (options.bot)
      options.print(await options.bot.report().catch((e: unknown) => `  (bot figures unavailable: ${String(e)})`));
    if (!options.loop) break;
    await sleep(5000, undefined, signalOf(options)).catch(() => undefined);
  }
  chatsDone.abort();
  await chats;
}

const signalOf = (options: DemoOptions) => (options.signal ? { signal: options.signal } : {});

function printBoards(board: () => Promise<string>, everyMs: number, options: DemoOptions): AbortController {
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([stop.signal, options.signal]) : stop.signal;
  void (async () => {
    // Bounded by the day: the controller is aborted when play() returns.
    while (!signal.aborted) {
      await sleep(everyMs, undefined, { signal }).catch(() => undefined);
      if (signal.aborted) return;
      options.print(await board().catch((e: unknown) => `  (board unavailable: ${String(e)})`));
    }
  })();
  return stop;
}
