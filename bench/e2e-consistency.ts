import { setTimeout as sleep } from "node:timers/promises";
import { DEMO_AGENTS } from "../sim/shared/demo-team.ts";
import type { PlatformId } from "../src/domain/platform.ts";
import { generateDay } from "../src/sandbox/day.ts";
import { createDayDriver, type PlayStats } from "../src/sandbox/day-driver.ts";
import type { DayScript } from "../src/sandbox/day-script.ts";
import { readActuals, type SandboxUrls } from "../src/sandbox/sim-api.ts";
import { ALL_PLATFORMS, desiredOf, matches, type Truth } from "../src/sandbox/truth.ts";

export type Divergence = {
  agent: string;
  platform: PlatformId;
  /** Real ms since the run started. */
  startMs: number;
  durationMs: number;
  desired: string;
  actual: string;
  /** Still diverging when the run ended. */
  open: boolean;
};

export type ConsistencyResult = {
  seconds: number;
  samples: number;
  pairs: number;
  consistentPct: number;
  divergences: Divergence[];
  play: PlayStats;
  actions: number;
  /** Wall-clock ms when sampling started: divergence times are relative to it. */
  startedAtMs: number;
  /** The truth at the end and the script played (for diagnosis). */
  truth: Truth;
  script: DayScript;
};

const flat = (v: unknown) => (v ? JSON.stringify(v).replace(/["{}]/g, "") : "unknown");

/** Whether every pair matches now: used to start a run from a settled team. */
export async function allConsistent(urls: SandboxUrls, truth: Truth, agents: number): Promise<boolean> {
  const rows = await readActuals(urls, agents);
  return rows.every((row, i) => {
    const agent = truth[i];
    if (!agent) return true;
    const want = desiredOf(agent);
    return ALL_PLATFORMS.every((p) => matches(p, row, want));
  });
}

/**
 * Plays a day with the sandboxes' webhook faults on, and every `sampleMs` compares each agent × platform's ACTUAL
 * state (read from the sandboxes) with desired(truth) from the pure engine. Consistency is time-weighted: each
 * sample stands for the time since the previous one. Sampling goes on for `tailMs` after the last action, so a
 * divergence at the very end gets its chance to be repaired.
 */
export async function runConsistency(
  urls: SandboxUrls,
  options: {
    minutes: number;
    speed: number;
    seed: number;
    sampleMs: number;
    tailMs: number;
    agents?: number;
    intensity?: number;
  },
): Promise<ConsistencyResult> {
  const script = generateDay({
    seed: options.seed,
    minutes: options.minutes,
    agents: options.agents,
    intensity: options.intensity,
  });
  const driver = await createDayDriver({ urls, speed: options.speed });
  const agents = script.agents;
  const open = new Map<string, Divergence>();
  const done: Divergence[] = [];
  let okMs = 0;
  let totalMs = 0;
  let samples = 0;
  const started = performance.now();
  const startedAtMs = Date.now();
  let last = started;
  let playing = true;
  const play = driver.play(script).finally(() => {
    playing = false;
  });
  const deadline = started + script.durationMs / options.speed + options.tailMs + 60_000;
  let tailUntil = Number.POSITIVE_INFINITY;
  while (performance.now() < Math.min(deadline, tailUntil)) {
    if (!playing && tailUntil === Number.POSITIVE_INFINITY) tailUntil = performance.now() + options.tailMs;
    const rows = await readActuals(urls, agents).catch(() => undefined);
    const now = performance.now();
    if (rows) {
      samples += 1;
      const span = now - last;
      last = now;
      rows.forEach((row, i) => {
        const agent = driver.truth[i];
        if (!agent) return;
        const want = desiredOf(agent);
        for (const platform of ALL_PLATFORMS) {
          const key = `${i}:${platform}`;
          const ok = matches(platform, row, want);
          totalMs += span;
          if (ok) okMs += span;
          const episode = open.get(key);
          if (ok && episode) {
            episode.durationMs = now - started - episode.startMs;
            episode.open = false;
            done.push(episode);
            open.delete(key);
          } else if (!ok && !episode) {
            open.set(key, {
              agent: DEMO_AGENTS[i]?.name ?? String(i),
              platform,
              startMs: now - started,
              durationMs: 0,
              desired: flat(want[platform]),
              actual: flat(row[platform]),
              open: true,
            });
          }
        }
      });
    }
    await sleep(options.sampleMs);
  }
  const stats = await play;
  const end = performance.now() - started;
  for (const episode of open.values()) done.push({ ...episode, durationMs: end - episode.startMs });
  return {
    seconds: end / 1000,
    samples,
    pairs: agents * ALL_PLATFORMS.length,
    consistentPct: totalMs === 0 ? 0 : (100 * okMs) / totalMs,
    divergences: done,
    play: stats,
    actions: script.actions.length,
    truth: driver.truth,
    script,
    startedAtMs,
  };
}
