import { describe, expect, it } from "vitest";
import {
  type AgentState,
  applyCallUpdate,
  initialAgentState,
  setIntent,
  startChat,
} from "../domain/availability/index.ts";
import type { ChatChannel, IntentStatus } from "../domain/availability/types.ts";
import { decideRouting, type RoutingCandidate } from "./routing.ts";

const AT = "2026-01-01T09:00:00.000Z";

function state(
  opts: { intent?: IntentStatus; chats?: ChatChannel[]; call?: "Setup" | "Answered"; capacity?: number } = {},
): AgentState {
  let s = initialAgentState(opts.capacity ? { capacity: opts.capacity } : {});
  if (opts.intent) s = setIntent(s, { status: opts.intent, source: "switchboard", at: AT }).state;
  (opts.chats ?? []).forEach((platform, i) => {
    s = startChat(s, { platform, id: `c${i}`, at: AT }).state;
  });
  if (opts.call)
    s = applyCallUpdate(s, { telephonySessionId: "s1", partyId: "p1", status: opts.call, sequence: 1, at: AT }).state;
  return s;
}

const cand = (agentId: string, over: Partial<RoutingCandidate> = {}, s: AgentState = state()): RoutingCandidate => ({
  agentId,
  deleted: false,
  inGroup: true,
  chatEnabled: true,
  maxChats: 5,
  state: s,
  ...over,
});

describe("decideRouting: eligibility", () => {
  const cases: Array<[string, RoutingCandidate, string]> = [
    ["idle and available", cand("a"), "eligible"],
    ["soft-deleted", cand("a", { deleted: true }), "deleted"],
    ["outside the group", cand("a", { inGroup: false }), "not_in_group"],
    ["chat turned off", cand("a", { chatEnabled: false }), "chat_disabled"],
    ["offline by choice", cand("a", {}, state({ intent: "offline" })), "offline"],
    ["away by choice", cand("a", {}, state({ intent: "away" })), "away"],
    ["on an answered RingCentral call", cand("a", {}, state({ call: "Answered" })), "on_call"],
    ["with a ringing call (pauses chats by policy)", cand("a", {}, state({ call: "Setup" })), "on_call"],
    [
      "5 LiveChat chats at cost 20 fill 100",
      cand("a", {}, state({ chats: ["livechat", "livechat", "chatwoot", "livechat", "builtin"] })),
      "at_capacity",
    ],
    [
      "4 chats leave room for one more",
      cand("a", {}, state({ chats: ["livechat", "chatwoot", "builtin", "builtin"] })),
      "eligible",
    ],
    [
      "capacity 50 with 2 Chatwoot chats: 40 + 20 > 50",
      cand("a", {}, state({ capacity: 50, chats: ["chatwoot", "chatwoot"] })),
      "at_capacity",
    ],
    ["max 2 built-in chats reached", cand("a", { maxChats: 2 }, state({ chats: ["builtin", "builtin"] })), "max_chats"],
    [
      "max 2 built-in but its load is LiveChat",
      cand("a", { maxChats: 2 }, state({ chats: ["livechat", "livechat"] })),
      "eligible",
    ],
  ];
  it.each(cases)("%s", (_name, c, reason) => {
    const d = decideRouting({ strategy: "least_loaded", candidates: [c] });
    expect(d.candidates[0]?.reason).toBe(reason);
    expect(d.chosenAgentId).toBe(reason === "eligible" ? "a" : null);
  });
});

describe("decideRouting: strategies", () => {
  const team = [cand("a"), cand("b", {}, state({ chats: ["livechat"] })), cand("c"), cand("d", { inGroup: false })];

  it("round robin continues after the cursor and wraps", () => {
    const picks: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 5; i++) {
      const d = decideRouting({ strategy: "round_robin", candidates: team, rotationCursor: cursor });
      picks.push(d.chosenAgentId ?? "-");
      cursor = d.chosenAgentId;
    }
    expect(picks).toEqual(["a", "b", "c", "a", "b"]);
  });

  it("round robin skips an ineligible agent in its turn", () => {
    const withAway = [cand("a"), cand("b", {}, state({ intent: "away" })), cand("c")];
    expect(decideRouting({ strategy: "round_robin", candidates: withAway, rotationCursor: "a" }).chosenAgentId).toBe(
      "c",
    );
  });

  it("least loaded picks the most remaining capacity across every channel", () => {
    const loaded = [
      cand("a", {}, state({ chats: ["livechat", "chatwoot"] })),
      cand("b", {}, state({ chats: ["builtin"] })),
      cand("c", {}, state({ chats: ["chatwoot", "chatwoot", "livechat"] })),
    ];
    const d = decideRouting({ strategy: "least_loaded", candidates: loaded });
    expect(d.chosenAgentId).toBe("b");
    expect(d.why).toContain("80");
  });

  it("sticky prefers the previous agent when eligible, else least loaded", () => {
    const members = [cand("a", {}, state({ chats: ["builtin", "builtin"] })), cand("b")];
    expect(decideRouting({ strategy: "sticky", candidates: members, previousAgentId: "a" }).chosenAgentId).toBe("a");
    const onCall = [
      cand("a", {}, state({ call: "Answered" })),
      cand("b", {}, state({ chats: ["livechat"] })),
      cand("c"),
    ];
    const d = decideRouting({ strategy: "sticky", candidates: onCall, previousAgentId: "a" });
    expect(d.chosenAgentId).toBe("c");
    expect(d.why).toContain("not eligible");
  });

  it("nobody eligible: queued, every candidate explained", () => {
    const d = decideRouting({
      strategy: "round_robin",
      candidates: [
        cand("a", {}, state({ call: "Answered" })),
        cand("b", { deleted: true }),
        cand("c", { inGroup: false }),
      ],
    });
    expect(d.chosenAgentId).toBeNull();
    expect(d.candidates.map((c) => [c.agentId, c.reason])).toEqual([
      ["a", "on_call"],
      ["b", "deleted"],
      ["c", "not_in_group"],
    ]);
  });

  it("agents who missed an offer for this chat are passed over, visibly", () => {
    const d = decideRouting({ strategy: "round_robin", candidates: [cand("a"), cand("b")], skip: ["a"] });
    expect(d.chosenAgentId).toBe("b");
    expect(d.candidates[0]).toMatchObject({ agentId: "a", eligible: false, reason: "missed_offer" });
  });
});
