/**
 * What the stats page draws, and how it is read from `GET /api/stats`. That endpoint is being built in parallel and
 * its shape is UNCONFIRMED ("live counts and per-hour series"), so the reader looks for every plausible spelling and
 * leaves a part empty when it finds nothing; the page then derives that part in the browser (stats-fallback.ts).
 */
export const AGENT_STATES = ["available", "busy", "on_call", "away", "offline"] as const;

export type AvailabilityPoint = { at: number; counts: Record<string, number> };
export type VolumePoint = { at: number; values: Record<string, number> };
export type LatencyRow = { label: string; p50: number; p90: number; p95: number; p99: number; count?: number };

export type StatsModel = {
  live: Array<{ label: string; value: number }>;
  availability: AvailabilityPoint[];
  volume: VolumePoint[];
  /** Series names in `volume` (chats, calls … or webhook platforms in the fallback). */
  volumeKeys: string[];
  latency: LatencyRow[];
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const num = (v: unknown): number | null =>
  typeof v === "number" && Number.isFinite(v)
    ? v
    : typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))
      ? Number(v)
      : null;

function pick(source: Obj, names: string[]): unknown {
  for (const name of names) if (source[name] !== undefined) return source[name];
  return undefined;
}

function timeOf(point: Obj): number | null {
  const raw = pick(point, ["at", "hour", "t", "time", "start", "bucket", "from"]);
  if (typeof raw === "number") return raw < 1e12 ? raw * 1000 : raw;
  if (typeof raw === "string") {
    const t = Date.parse(raw);
    return Number.isNaN(t) ? null : t;
  }
  return null;
}

function numericFields(point: Obj, skip: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(point)) {
    const n = num(v);
    if (n !== null && !skip.includes(k)) out[k] = n;
  }
  return out;
}

const TIME_KEYS = ["at", "hour", "t", "time", "start", "bucket", "from", "to", "end"];

function series(data: Obj, names: string[]): Obj[] {
  const found = pick(data, names);
  if (Array.isArray(found)) return found.filter(isObj);
  if (isObj(found)) {
    // `{ hourly: { chats: [...], calls: [...] } }` is not supported; `{ series: { hourly: [...] } }` is.
    for (const v of Object.values(found)) if (Array.isArray(v)) return v.filter(isObj);
  }
  return [];
}

const sum = (v: unknown): number | null =>
  isObj(v) ? Object.values(v).reduce<number>((total, x) => total + (num(x) ?? 0), 0) : num(v);

/** The hub's own layout (src/api/stats.ts): agents, active, customers, commands, webhooksLastHour. */
function curatedLive(data: Obj): StatsModel["live"] {
  const agents = isObj(data.agents) ? data.agents : {};
  const byStatus = isObj(agents.byStatus) ? agents.byStatus : {};
  const active = isObj(data.active) ? data.active : {};
  const customers = isObj(data.customers) ? data.customers : {};
  const commands = isObj(data.commands) ? data.commands : null;
  const tiles: Array<[string, number | null]> = [
    ["agents", num(agents.total)],
    ["available", num(byStatus.available) ?? (isObj(data.agents) ? 0 : null)],
    ["on call", num(byStatus.on_call) ?? (isObj(data.agents) ? 0 : null)],
    ["active chats", num(active.chats)],
    ["active calls", num(active.calls)],
    ["dead letters", commands ? (num(commands.dead) ?? 0) : null],
    ["customers", num(customers.total)],
    ["pending matches", num(customers.pendingMatches)],
    ["webhooks last hour", sum(data.webhooksLastHour)],
  ];
  return tiles.flatMap(([label, value]) => (value === null ? [] : [{ label, value }]));
}

export function readLive(data: Obj): StatsModel["live"] {
  const live = pick(data, ["live", "counts", "now", "current", "totals"]);
  if (!isObj(live)) return curatedLive(data);
  const out: StatsModel["live"] = [];
  for (const [key, value] of Object.entries(live)) {
    const n = num(value);
    if (n !== null) out.push({ label: key, value: n });
    else if (isObj(value))
      for (const [k, v] of Object.entries(value)) {
        const m = num(v);
        if (m !== null) out.push({ label: `${key} ${k}`, value: m });
      }
  }
  return out;
}

export function readAvailability(data: Obj): AvailabilityPoint[] {
  const points = series(data, ["availability", "availabilitySeries", "agentStates", "states"]);
  const fallback = points.length > 0 ? points : series(data, ["hourly", "series", "perHour", "hours"]);
  return fallback
    .map((p) => {
      const at = timeOf(p);
      const nested = [p.counts, p.states, p.byStatus, p.agents].find(isObj) ?? p;
      const counts: Record<string, number> = {};
      for (const s of AGENT_STATES) {
        const n = num(nested[s] ?? nested[s.replace("_", "")] ?? nested[s === "on_call" ? "onCall" : s]);
        if (n !== null) counts[s] = n;
      }
      return at !== null && Object.keys(counts).length > 0 ? { at, counts } : null;
    })
    .filter((p): p is AvailabilityPoint => p !== null)
    .sort((a, b) => a.at - b.at);
}

export function readVolume(data: Obj): { volume: VolumePoint[]; keys: string[] } {
  const points = series(data, ["volume", "hourly", "series", "perHour", "hours"]);
  const wanted = ["chats", "calls", "messages", "conversations"];
  const volume = points
    .map((p) => {
      const at = timeOf(p);
      const nested = isObj(p.volume) ? p.volume : p;
      const fields = numericFields(nested, [...TIME_KEYS, ...AGENT_STATES]);
      const values = Object.fromEntries(Object.entries(fields).filter(([k]) => wanted.includes(k)));
      return at !== null && Object.keys(values).length > 0 ? { at, values } : null;
    })
    .filter((p): p is VolumePoint => p !== null)
    .sort((a, b) => a.at - b.at);
  const keys = wanted.filter((k) => volume.some((p) => p.values[k] !== undefined));
  return { volume, keys };
}

function latencyRow(label: string, v: Obj): LatencyRow | null {
  const get = (p: string) => num(v[p] ?? v[`${p}Ms`] ?? v[`${p}_ms`]);
  const [p50, p90, p95, p99] = [get("p50"), get("p90"), get("p95"), get("p99")];
  if (p50 === null && p95 === null && p99 === null) return null;
  const base = p50 ?? p95 ?? p99 ?? 0;
  const count = num(v.count ?? v.n);
  return {
    label,
    p50: base,
    p90: p90 ?? p95 ?? base,
    p95: p95 ?? p90 ?? base,
    p99: p99 ?? p95 ?? base,
    ...(count !== null ? { count } : {}),
  };
}

export function readLatency(data: Obj): LatencyRow[] {
  const raw = pick(data, ["syncLatency", "latency", "commandLatency", "sync"]);
  if (Array.isArray(raw)) {
    return raw.filter(isObj).flatMap((r) => {
      const row = latencyRow(String(r.platform ?? r.label ?? r.kind ?? "all"), r);
      return row ? [row] : [];
    });
  }
  if (!isObj(raw)) return [];
  const direct = latencyRow("all platforms", raw);
  if (direct) return [direct];
  return Object.entries(raw).flatMap(([k, v]) => {
    const row = isObj(v) ? latencyRow(k, v) : null;
    return row ? [row] : [];
  });
}

export function readStats(data: unknown): StatsModel {
  const obj = isObj(data) ? data : {};
  const { volume, keys } = readVolume(obj);
  return {
    live: readLive(obj),
    availability: readAvailability(obj),
    volume,
    volumeKeys: keys,
    latency: readLatency(obj),
  };
}

/** Nearest-rank percentile of an unsorted list; null for no data. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? null;
}

/** Start of the hour a time falls in (local hours, as people read them). */
export function hourOf(ms: number): number {
  const d = new Date(ms);
  d.setMinutes(0, 0, 0);
  return d.getTime();
}
