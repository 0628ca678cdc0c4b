import type { AgentSummaryDto } from "../../../src/api/contracts.ts";
import { boardStatus } from "./agent-view.ts";
import {
  AGENT_STATES,
  type AvailabilityPoint,
  hourOf,
  type LatencyRow,
  percentile,
  type VolumePoint,
} from "./stats-model.ts";
import type { CommandDto } from "./types.ts";

/**
 * Stats the browser can work out from the APIs every hub has, for when `GET /api/stats` is missing or leaves a
 * part out. Each result says what it is based on, because a sample is not the whole history.
 */

/** Command latency (created → completed) of succeeded commands, per platform and overall. */
export function latencyFromCommands(commands: CommandDto[]): LatencyRow[] {
  const byLabel = new Map<string, number[]>();
  for (const c of commands) {
    if (c.status !== "succeeded" || !c.completedAt) continue;
    const ms = Date.parse(c.completedAt) - Date.parse(c.createdAt);
    if (!Number.isFinite(ms) || ms < 0) continue;
    for (const label of ["all platforms", c.platform]) byLabel.set(label, [...(byLabel.get(label) ?? []), ms]);
  }
  return [...byLabel.entries()].map(([label, values]) => ({
    label,
    p50: percentile(values, 50) ?? 0,
    p90: percentile(values, 90) ?? 0,
    p95: percentile(values, 95) ?? 0,
    p99: percentile(values, 99) ?? 0,
    count: values.length,
  }));
}

/** Counts per hour over the last `hours` hours (empty hours included, so the chart's time axis is honest). */
export function perHour(
  items: Array<{ at: string | null | undefined; key: string }>,
  hours: number,
  now = Date.now(),
): { volume: VolumePoint[]; keys: string[] } {
  const last = hourOf(now);
  const first = last - (hours - 1) * 3_600_000;
  const buckets = new Map<number, Record<string, number>>();
  for (let t = first; t <= last; t += 3_600_000) buckets.set(t, {});
  const keys = new Set<string>();
  for (const item of items) {
    const t = item.at ? Date.parse(item.at) : Number.NaN;
    if (!Number.isFinite(t)) continue;
    const bucket = buckets.get(hourOf(t));
    if (!bucket) continue;
    bucket[item.key] = (bucket[item.key] ?? 0) + 1;
    keys.add(item.key);
  }
  const ordered = [...keys].sort();
  const volume = [...buckets.entries()].map(([at, values]) => ({
    at,
    values: Object.fromEntries(ordered.map((k) => [k, values[k] ?? 0])),
  }));
  return { volume, keys: ordered };
}

export function countStates(agents: AgentSummaryDto[]): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(AGENT_STATES.map((s) => [s, 0]));
  for (const a of agents) {
    const key = boardStatus(a.status);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

const STORAGE_KEY = "switchboard.availabilitySamples";
const MAX_SAMPLES = 720;
const MIN_GAP_MS = 5_000;

// Samples are kept for the life of the tab (sessionStorage), so navigating or reloading does not lose them.
function loadSamples(): AvailabilityPoint[] {
  try {
    const raw = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? "[]") as unknown;
    return Array.isArray(raw)
      ? raw.filter((p): p is AvailabilityPoint => typeof p?.at === "number" && typeof p?.counts === "object")
      : [];
  } catch {
    return [];
  }
}

/** Records the board's state counts now (at most every 5 s); returns the samples so far, oldest first. */
export function sampleAvailability(agents: AgentSummaryDto[], now = Date.now()): AvailabilityPoint[] {
  const samples = loadSamples();
  const lastSample = samples.at(-1);
  if (!lastSample || now - lastSample.at >= MIN_GAP_MS) {
    samples.push({ at: now, counts: countStates(agents) });
    if (samples.length > MAX_SAMPLES) samples.splice(0, samples.length - MAX_SAMPLES);
    try {
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify(samples));
    } catch {
      // Storage full or disabled: the chart then shows this visit only.
    }
  }
  return samples;
}
