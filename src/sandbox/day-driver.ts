import { setTimeout as sleep } from "node:timers/promises";
import { DEMO_AGENTS } from "../../sim/shared/demo-team.ts";
import { describeAction } from "./day-format.ts";
import type { DayAction, DayScript } from "./day-script.ts";
import { subjectOf } from "./day-script.ts";
import { createPerformer } from "./perform.ts";
import type { SandboxUrls } from "./sim-api.ts";
import { chatwootUserIds } from "./sim-api.ts";
import { applyToTruth, initialTruth, type Truth } from "./truth.ts";

export type DriverOptions = {
  urls: SandboxUrls;
  /** Simulated seconds per real second. */
  speed: number;
  signal?: AbortSignal;
  /** One line per action; omit for silence (the bench). */
  print?: (line: string) => void;
  /** Bound on sandbox requests in flight, so a slow hub cannot make the driver pile up work. */
  maxInFlight?: number;
};

export type PlayStats = {
  done: number;
  /** Refused by the sandbox as a person would be (no longer accepting chats, call already gone) or its subject was. */
  skipped: number;
  failed: number;
  /** How far behind schedule the latest action started, in real ms (the driver keeping up or not). */
  maxLagMs: number;
};

export type DayDriver = {
  /** Live truth, updated as each action is accepted by its sandbox. */
  readonly truth: Truth;
  play(script: DayScript): Promise<PlayStats>;
};

/**
 * Plays scripts against the sandboxes at a speed, one sandbox request per action. Actions of one chat, call or
 * agent run in order; different subjects overlap, as people on a team do. An action whose chat or call never
 * started (the sandbox said no) is skipped together with the rest of that subject.
 */
export async function createDayDriver(options: DriverOptions): Promise<DayDriver> {
  const cwIds = await chatwootUserIds(options.urls);
  const truth = initialTruth(DEMO_AGENTS.length);
  const perform = createPerformer(options.urls, cwIds);
  const maxInFlight = options.maxInFlight ?? 64;
  return {
    truth,
    async play(script) {
      const stats: PlayStats = { done: 0, skipped: 0, failed: 0, maxLagMs: 0 };
      const chains = new Map<string, Promise<void>>();
      const dead = new Set<string>();
      const inFlight = new Set<Promise<void>>();
      const started = performance.now();
      const run = async (action: DayAction) => {
        const subject = subjectOf(action);
        if (dead.has(subject)) {
          stats.skipped += 1;
          return;
        }
        const outcome = await perform(action);
        if (outcome.ok) {
          applyToTruth(truth, action);
          stats.done += 1;
        } else if (outcome.refused) stats.skipped += 1;
        else stats.failed += 1;
        if (!outcome.ok && (action.kind === "chat.start" || action.kind === "call.start")) dead.add(subject);
        options.print?.(describeAction(action, outcome));
      };
      for (const action of script.actions) {
        if (options.signal?.aborted) break;
        const due = started + action.at / options.speed;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait, undefined, { signal: options.signal }).catch(() => undefined);
        else stats.maxLagMs = Math.max(stats.maxLagMs, -wait);
        if (options.signal?.aborted) break;
        while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
        const subject = subjectOf(action);
        const p = (chains.get(subject) ?? Promise.resolve()).then(() => run(action));
        chains.set(subject, p);
        inFlight.add(p);
        void p.finally(() => {
          inFlight.delete(p);
          if (chains.get(subject) === p) chains.delete(subject);
        });
      }
      await Promise.allSettled([...inFlight]);
      return stats;
    },
  };
}
