import type { AgentSummaryDto, HistoryEntryDto } from "../../../src/api/contracts.ts";
import { formatAgo, formatFull, humanize, platformLabel } from "./format.ts";
import type { Tone } from "./tones.ts";

/** Pure helpers that turn the API's agent view into what the board shows; unit-tested without a browser. */
export type PlatformState = AgentSummaryDto["platforms"][number];

export const BOARD_PLATFORMS = ["livechat", "chatwoot", "ringcentral"] as const;

export const STATUS_WORDS: Record<string, string> = {
  available: "Available",
  busy: "Busy",
  on_call: "On call",
  away: "Away",
  offline: "Offline",
};

/**
 * The board's five words. The hub may be more precise (`busy_with_chats`); such refinements count under their
 * family so the tiles add up, and the precise word stays visible in the row's tooltip.
 */
export function boardStatus(status: string): string {
  if (STATUS_WORDS[status]) return status;
  if (status.startsWith("busy")) return "busy";
  if (status.startsWith("on_call") || status.includes("call")) return "on_call";
  return status;
}

export function statusWord(status: string): string {
  return STATUS_WORDS[boardStatus(status)] ?? status.replace(/_/g, " ");
}

const RC_DND: Record<string, string> = {
  TakeAllCalls: "",
  DoNotAcceptDepartmentCalls: "no queue calls",
  TakeDepartmentCallsOnly: "queue calls only",
  DoNotAcceptAnyCalls: "do not disturb",
};

export type StateWords = { label: string; detail?: string; tone: Tone };

/** A platform's state in a word or two, in the platform's own vocabulary (what an agent sees there). */
export function describePlatformState(platform: string, state: Record<string, string> | null): StateWords {
  if (!state || Object.keys(state).length === 0) return { label: "unknown", tone: "gray" };
  if (platform === "livechat" && state.routingStatus) {
    const s = state.routingStatus;
    if (s === "accepting_chats") return { label: "Accepting", tone: "green" };
    if (s === "not_accepting_chats") return { label: "Not accepting", tone: "amber" };
    return { label: s.replace(/_/g, " "), tone: "gray" };
  }
  if (platform === "chatwoot" && state.availability) {
    const s = state.availability;
    return {
      label: s.charAt(0).toUpperCase() + s.slice(1),
      tone: s === "online" ? "green" : s === "busy" ? "amber" : "gray",
    };
  }
  if (platform === "ringcentral" && state.userStatus) {
    const dnd = RC_DND[state.dndStatus ?? ""] ?? (state.dndStatus ? state.dndStatus : "");
    const blocked = state.userStatus === "Busy" || state.dndStatus === "DoNotAcceptAnyCalls";
    const tone: Tone = state.userStatus === "Offline" ? "gray" : blocked || dnd ? "amber" : "green";
    return { label: state.userStatus, ...(dnd ? { detail: dnd } : {}), tone };
  }
  return { label: Object.values(state).join(" · "), tone: "gray" };
}

/** The state as one line of text (drawers and history). */
export function stateText(platform: string, state: Record<string, string> | null): string {
  const words = describePlatformState(platform, state);
  return words.detail ? `${words.label} · ${words.detail}` : words.label;
}

/** Where the platform differs from what Switchboard wants, e.g. `routingStatus: accepting_chats → not_accepting_chats`. */
export function driftDetail(state: PlatformState): string | null {
  if (state.inSync) return null;
  const desired = state.desired ?? {};
  const actual = state.actual ?? {};
  const keys = [...new Set([...Object.keys(desired), ...Object.keys(actual)])];
  const diffs = keys
    .filter((k) => desired[k] !== actual[k])
    .map((k) => `${k}: ${actual[k] ?? "?"} → ${desired[k] ?? "?"}`);
  return diffs.length > 0 ? diffs.join(", ") : "waiting for the platform to confirm";
}

export type Workload = {
  calls: number;
  chats: number;
  load: number;
  capacity: number;
  /** Share of capacity used, 0–1 (clamped: overbooked agents show a full bar and a warning). */
  share: number;
  overbooked: boolean;
  segments: Array<{ kind: "call" | "chat"; share: number }>;
};

export function workloadOf(agent: AgentSummaryDto): Workload {
  const calls = agent.engagements.filter((e) => e.kind === "call").length;
  const chats = agent.engagements.filter((e) => e.kind === "chat").length;
  const capacity = Math.max(1, agent.capacity);
  const segments: Workload["segments"] = [];
  if (calls > 0) segments.push({ kind: "call", share: (calls * agent.costs.call) / capacity });
  if (chats > 0) segments.push({ kind: "chat", share: (chats * agent.costs.chat) / capacity });
  let left = 1;
  const clamped = segments.map((s) => {
    const share = Math.min(s.share, left);
    left -= share;
    return { ...s, share };
  });
  return {
    calls,
    chats,
    load: agent.load,
    capacity: agent.capacity,
    share: Math.min(1, agent.load / capacity),
    overbooked: agent.load > agent.capacity,
    segments: clamped.filter((s) => s.share > 0),
  };
}

export type BoardSummary = Record<string, number> & { total: number; drifting: number; calls: number; chats: number };

export function summarize(agents: AgentSummaryDto[]): BoardSummary {
  const summary: BoardSummary = { total: agents.length, drifting: 0, calls: 0, chats: 0 };
  for (const key of Object.keys(STATUS_WORDS)) summary[key] = 0;
  for (const agent of agents) {
    const key = boardStatus(agent.status);
    summary[key] = (summary[key] ?? 0) + 1;
    if (agent.platforms.some((p) => !p.inSync)) summary.drifting += 1;
    const w = workloadOf(agent);
    summary.calls += w.calls;
    summary.chats += w.chats;
  }
  return summary;
}

export function matchesFilter(agent: AgentSummaryDto, filter: { q: string; status: string }): boolean {
  if (filter.status === "drifting" && !agent.platforms.some((p) => !p.inSync)) return false;
  if (filter.status && filter.status !== "drifting" && boardStatus(agent.status) !== filter.status) return false;
  const q = filter.q.trim().toLowerCase();
  if (!q) return true;
  return agent.name.toLowerCase().includes(q) || (agent.email ?? "").toLowerCase().includes(q);
}

/** Replaces (or adds) one agent in a list kept sorted by name, as the API sorts it. */
export function upsertAgent(list: AgentSummaryDto[], agent: AgentSummaryDto): AgentSummaryDto[] {
  const without = list.filter((a) => a.id !== agent.id);
  const at = without.findIndex((a) => a.name.localeCompare(agent.name) > 0);
  if (at === -1) return [...without, agent];
  return [...without.slice(0, at), agent, ...without.slice(at)];
}

/** `GET /api/agents/:id/availability-history` items: the server's own type. */
export type HistoryEntry = HistoryEntryDto;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const asStrings = (v: Record<string, unknown>) => Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)]));

/** One line per availability transition: an intent change, or what a platform was asked to become. */
export function describeHistory(entry: Pick<HistoryEntry, "kind" | "detail">): string {
  const d = entry.detail;
  if (isRecord(d.engagement)) {
    const e = d.engagement;
    const what = `${e.kind === "call" ? "Call" : "Chat"} on ${platformLabel(typeof e.platform === "string" ? e.platform : null)}`;
    if (typeof d.to === "string") return `${what}: ${typeof d.from === "string" ? `${d.from} → ` : ""}${d.to}`;
    if (entry.kind.endsWith("_started")) return `${what} started`;
    if (entry.kind.endsWith("_ended")) return `${what} ended`;
    return `${what} (${humanize(entry.kind)})`;
  }
  const platform = typeof d.platform === "string" ? d.platform : "";
  if (isRecord(d.to) || isRecord(d.from)) {
    const from = isRecord(d.from) ? stateText(platform, asStrings(d.from)) : "unknown";
    const to = isRecord(d.to) ? stateText(platform, asStrings(d.to)) : "unknown";
    return `${platformLabel(platform || null)}: ${from} → ${to}`;
  }
  if (typeof d.to === "string") {
    const from = typeof d.from === "string" ? `${humanize(d.from)} → ` : "";
    const via = typeof d.source === "string" ? ` (set via ${platformLabel(d.source)})` : "";
    return `${from}${humanize(d.to)}${via}`;
  }
  const rest = Object.fromEntries(Object.entries(d).filter(([k]) => k !== "kind" && k !== "cause"));
  const text = JSON.stringify(rest);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

/**
 * Where an agent's intent came from, in a few words: the default intent was never set by anybody, so it has no
 * time (the hub answers null), and never reads as "set 20791d ago".
 */
export function intentOrigin(intent: AgentSummaryDto["intent"], now = Date.now()): { short: string; full: string } {
  if (intent.source === "default" || !intent.at)
    return { short: "default · never changed", full: "the default intent: nobody has set it yet" };
  const source = intent.source === "switchboard" ? "Switchboard" : platformLabel(intent.source);
  return { short: `${source} · ${formatAgo(intent.at, now)}`, full: `set via ${source}, ${formatFull(intent.at)}` };
}
