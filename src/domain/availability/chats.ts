import { toMs } from "./canonical.ts";
import { findTombstone, withoutTombstone, withTombstone } from "./tombstones.ts";
import type { AgentState, ChatChannel, ChatEngagement } from "./types.ts";

export type ChatRef = { platform: ChatChannel; id: string; at: string };

const isChat = (e: AgentState["engagements"][number], platform: ChatChannel, id: string): e is ChatEngagement =>
  e.kind === "chat" && e.platform === platform && e.id === id;

const keyOf = (ref: ChatRef) => ({ kind: "chat" as const, platform: ref.platform, id: ref.id });

/**
 * Idempotent. A start stamped no later than the chat's recorded end is a redelivery of the old start and is
 * ignored; a later one (LiveChat resumes a chat with a new thread under the same chat id) starts it again.
 */
export function startChat(state: AgentState, ref: ChatRef): { state: AgentState; note: string } {
  const label = `chat ${ref.platform}/${ref.id}`;
  if (state.engagements.some((e) => isChat(e, ref.platform, ref.id)))
    return { state, note: `${label}: already active` };
  const tombstone = findTombstone(state, keyOf(ref));
  if (tombstone && toMs(ref.at) <= toMs(tombstone.at))
    return { state, note: `${label}: start older than its end, ignored` };
  const chat: ChatEngagement = { kind: "chat", platform: ref.platform, id: ref.id, startedAt: ref.at };
  return {
    state: withoutTombstone({ ...state, engagements: [...state.engagements, chat] }, keyOf(ref)),
    note: `${label}: started`,
  };
}

/** Idempotent; remembers the end even for a chat we never saw start, so a late start cannot resurrect it. */
export function endChat(state: AgentState, ref: ChatRef): { state: AgentState; note: string } {
  const label = `chat ${ref.platform}/${ref.id}`;
  const active = state.engagements.find((e) => isChat(e, ref.platform, ref.id));
  if (active && toMs(ref.at) < toMs(active.startedAt))
    return { state, note: `${label}: end older than its current start, ignored` };
  const previous = findTombstone(state, keyOf(ref));
  const at = previous && toMs(previous.at) > toMs(ref.at) ? previous.at : ref.at;
  const next = withTombstone(
    { ...state, engagements: state.engagements.filter((e) => !isChat(e, ref.platform, ref.id)) },
    { ...keyOf(ref), at },
  );
  return { state: next, note: active ? `${label}: ended` : `${label}: end remembered` };
}
