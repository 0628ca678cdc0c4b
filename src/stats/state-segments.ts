/**
 * Replays an agent's availability history into the states the board shows, as time segments. Pure: the rows come
 * in, oldest first, including rows before the range so the state at its start is known.
 */
export type HistoryRow = { at: Date; kind: string; detail: Record<string, unknown> };

/** The replayed states. Capacity limits are not replayed, so "at capacity" counts as busy_with_chats. */
export type ReplayedState = "available" | "busy_with_chats" | "on_call" | "away" | "offline";

export type Segment = { state: ReplayedState; fromMs: number; toMs: number };

const intentOf = (to: unknown): "available" | "away" | "offline" | null =>
  to === "available" || to === "away" || to === "offline" ? to : null;

/**
 * The agent's state from `fromMs` to `toMs` as consecutive segments (adjacent equal states merged). A chosen
 * away/offline wins; else on a call, busy with chats, or available. No history means available throughout.
 */
export function stateSegments(rows: readonly HistoryRow[], fromMs: number, toMs: number): Segment[] {
  const out: Segment[] = [];
  if (toMs <= fromMs) return out;
  let intent: "available" | "away" | "offline" = "available";
  const engaged = new Map<string, string>();
  let since = fromMs;
  const state = (): ReplayedState => {
    if (intent !== "available") return intent;
    const kinds = [...engaged.values()];
    return kinds.includes("call") ? "on_call" : kinds.length > 0 ? "busy_with_chats" : "available";
  };
  const close = (untilMs: number) => {
    const end = Math.min(untilMs, toMs);
    if (end <= since) return;
    const current = state();
    const last = out.at(-1);
    if (last && last.state === current && last.toMs === since) last.toMs = end;
    else out.push({ state: current, fromMs: since, toMs: end });
    since = end;
  };
  for (const row of rows) {
    const at = row.at.getTime();
    if (at >= toMs) break;
    if (at > fromMs) close(at);
    const d = row.detail;
    if (row.kind === "intent") intent = intentOf(d.to) ?? intent;
    const e = d.engagement as { kind?: unknown; platform?: unknown; id?: unknown; partyId?: unknown } | undefined;
    if (e && typeof e.kind === "string") {
      const key = `${e.kind}:${String(e.platform)}:${String(e.id)}:${String(e.partyId ?? "")}`;
      if (row.kind === "engagement_started") engaged.set(key, e.kind);
      if (row.kind === "engagement_ended") engaged.delete(key);
    }
  }
  close(toMs);
  return out;
}

/** Whole seconds the agent spent in each state within [fromMs, toMs). */
export function timeInStates(rows: readonly HistoryRow[], fromMs: number, toMs: number): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const s of stateSegments(rows, fromMs, toMs))
    totals[s.state] = (totals[s.state] ?? 0) + (s.toMs - s.fromMs) / 1000;
  for (const k of Object.keys(totals)) totals[k] = Math.round(totals[k] ?? 0);
  return totals;
}
