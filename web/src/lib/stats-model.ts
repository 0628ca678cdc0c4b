import type { StatsDto } from "../../../src/api/contracts.ts";
import { platformLabel } from "./format.ts";

/** What the stats page draws, read from the hub's `GET /api/stats` (its history, not this browser's). */
export const AGENT_STATES = ["available", "busy", "on_call", "away", "offline"] as const;

export type AvailabilityPoint = { at: number; counts: Record<string, number> };
export type VolumePoint = { at: number; values: Record<string, number> };
export type LatencyRow = {
  label: string;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  count: number;
  /** What `count` counts: "writes" or "webhooks". */
  unit: string;
};

export type StatsModel = {
  live: Array<{ label: string; value: number }>;
  availability: AvailabilityPoint[];
  volume: VolumePoint[];
  volumeKeys: Array<"chats" | "calls" | "webhooks">;
  latency: { commands: LatencyRow[]; webhooks: LatencyRow[] };
};

/** The tiles: live counts as a lead reads them. */
function liveTiles(s: StatsDto): StatsModel["live"] {
  return [
    { label: "agents", value: s.agents.total },
    { label: "available", value: s.agents.byStatus.available ?? 0 },
    { label: "on call", value: s.agents.byStatus.on_call ?? 0 },
    { label: "active chats", value: s.active.chats },
    { label: "active calls", value: s.active.calls },
    { label: "dead letters", value: s.commands.dead ?? 0 },
    { label: "customers", value: s.customers.total },
    { label: "pending matches", value: s.customers.pendingMatches },
    { label: "webhooks last hour", value: Object.values(s.webhooksLastHour).reduce((a, b) => a + b, 0) },
  ];
}

const latencyRows = (s: StatsDto, measure: "command" | "webhook", unit: string): LatencyRow[] =>
  s.latency
    .filter((l) => l.measure === measure)
    .map((l) => ({
      label: l.platform === null ? "all platforms" : platformLabel(l.platform),
      p50: l.p50Ms,
      p90: l.p90Ms,
      p95: l.p95Ms,
      p99: l.p99Ms,
      count: l.count,
      unit,
    }));

export function statsModel(s: StatsDto): StatsModel {
  return {
    live: liveTiles(s),
    availability: s.availability.map((a) => ({ at: Date.parse(a.hour), counts: { ...a.states } })),
    volume: s.hourly.map((h) => ({ at: Date.parse(h.hour), values: { chats: h.chats, calls: h.calls } })),
    volumeKeys: ["chats", "calls"],
    latency: {
      commands: latencyRows(s, "command", "writes"),
      webhooks: latencyRows(s, "webhook", "webhooks"),
    },
  };
}

/** How many hours of history a range choice covers. */
export const RANGES = [
  { hours: 24, label: "24 h" },
  { hours: 72, label: "3 days" },
  { hours: 168, label: "7 days" },
] as const;
