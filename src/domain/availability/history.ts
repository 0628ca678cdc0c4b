import type { PlatformId } from "../platform.ts";
import { PLATFORMS } from "../platform.ts";
import { canonicalState } from "./canonical.ts";
import type { AgentStatus } from "./capacity.ts";
import type { Desired, Engagement, Intent, IntentSource, IntentStatus, PlatformTarget } from "./types.ts";

/** What history compares: the agent before and after one step (one event, one repair, one API call). */
export type AvailabilitySnapshot = {
  intent: Intent;
  engagements: readonly Engagement[];
  desired: Desired;
  /** summarize(state, policy).status, when the caller wants the one-word status in the history too. */
  status?: AgentStatus;
};

export type EngagementRef = {
  kind: Engagement["kind"];
  platform: Engagement["platform"];
  id: string;
  partyId?: string;
};

export type AvailabilityTransition =
  | { kind: "intent"; from: IntentStatus; to: IntentStatus; source: IntentSource; at: string; cause: string }
  | { kind: "engagement_started"; engagement: EngagementRef; cause: string }
  | { kind: "engagement_ended"; engagement: EngagementRef; cause: string }
  | { kind: "call_status"; engagement: EngagementRef; from: string; to: string; cause: string }
  | { kind: "desired"; platform: PlatformId; from: PlatformTarget | null; to: PlatformTarget | null; cause: string }
  | { kind: "status"; from: AgentStatus; to: AgentStatus; cause: string };

const keyOf = (e: Engagement): string => `${e.kind}:${e.platform}:${e.id}:${e.kind === "call" ? e.partyId : ""}`;

const refOf = (e: Engagement): EngagementRef =>
  e.kind === "call"
    ? { kind: e.kind, platform: e.platform, id: e.id, partyId: e.partyId }
    : { kind: e.kind, platform: e.platform, id: e.id };

const targetText = (t: PlatformTarget | undefined): string => (t ? canonicalState(t) : "");

/**
 * The rows to append to an agent's availability history for one step, each carrying the caller's cause
 * (an event id, "reconciliation", "api:<user>"…). Order: intent, engagements, then per-platform targets, so a
 * reader sees the reason before its effect. No rows when nothing changed.
 */
export function availabilityTransitions(
  before: AvailabilitySnapshot,
  after: AvailabilitySnapshot,
  cause: string,
): AvailabilityTransition[] {
  const out: AvailabilityTransition[] = [];
  if (before.intent.status !== after.intent.status) {
    const { status: to, source, at } = after.intent;
    out.push({ kind: "intent", from: before.intent.status, to, source, at, cause });
  }
  const previous = new Map(before.engagements.map((e) => [keyOf(e), e]));
  const current = new Map(after.engagements.map((e) => [keyOf(e), e]));
  for (const [key, e] of current) {
    const old = previous.get(key);
    if (!old) out.push({ kind: "engagement_started", engagement: refOf(e), cause });
    else if (old.kind === "call" && e.kind === "call" && old.status !== e.status) {
      out.push({ kind: "call_status", engagement: refOf(e), from: old.status, to: e.status, cause });
    }
  }
  for (const [key, e] of previous) {
    if (!current.has(key)) out.push({ kind: "engagement_ended", engagement: refOf(e), cause });
  }
  for (const platform of PLATFORMS) {
    const from = before.desired[platform];
    const to = after.desired[platform];
    if (targetText(from) !== targetText(to))
      out.push({ kind: "desired", platform, from: from ?? null, to: to ?? null, cause });
  }
  if (before.status !== undefined && after.status !== undefined && before.status !== after.status) {
    out.push({ kind: "status", from: before.status, to: after.status, cause });
  }
  return out;
}
