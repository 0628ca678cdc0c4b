import { describe, expect, it } from "vitest";
import { ALL, agent, t } from "../../../test/helpers/availability/kit.ts";
import { summarize } from "./capacity.ts";
import { desired } from "./desired.ts";
import { type AvailabilitySnapshot, availabilityTransitions } from "./history.ts";
import { DEFAULT_POLICY } from "./policy.ts";
import type { AgentState } from "./types.ts";

const snap = (state: AgentState): AvailabilitySnapshot => ({
  intent: state.intent,
  engagements: state.engagements,
  desired: desired(state, DEFAULT_POLICY, ALL),
  status: summarize(state).status,
});

describe("availabilityTransitions", () => {
  it("nothing changed: no rows", () => {
    expect(availabilityTransitions(snap(agent()), snap(agent()), "evt_1")).toEqual([]);
  });

  it("a call starting: engagement, per-platform targets and status, each with the cause", () => {
    const rows = availabilityTransitions(snap(agent()), snap(agent({ calls: [["s1", "Answered"]] })), "evt_2");
    expect(rows.map((r) => r.kind)).toEqual(["engagement_started", "desired", "desired", "status"]);
    expect(rows.every((r) => r.cause === "evt_2")).toBe(true);
    expect(rows[1]).toEqual({
      kind: "desired",
      platform: "livechat",
      from: { routingStatus: "accepting_chats" },
      to: { routingStatus: "not_accepting_chats" },
      cause: "evt_2",
    });
    expect(rows[3]).toMatchObject({ from: "available", to: "on_call" });
  });

  it("intent first, then ends; call status changes are recorded", () => {
    const before = agent({ calls: [["s1", "Setup"]], chats: [["livechat", "c1"]] });
    const after: AgentState = {
      ...agent({ calls: [["s1", "Answered"]] }),
      intent: { status: "away", source: "ringcentral", at: t(5) },
    };
    const rows = availabilityTransitions(snap(before), snap(after), "evt_3");
    expect(rows[0]).toEqual({
      kind: "intent",
      from: "available",
      to: "away",
      source: "ringcentral",
      at: t(5),
      cause: "evt_3",
    });
    expect(rows.filter((r) => r.kind === "call_status")).toEqual([
      {
        kind: "call_status",
        engagement: { kind: "call", platform: "ringcentral", id: "s1", partyId: "s1-p" },
        from: "Setup",
        to: "Answered",
        cause: "evt_3",
      },
    ]);
    expect(
      rows.filter((r) => r.kind === "engagement_ended").map((r) => r.kind === "engagement_ended" && r.engagement.id),
    ).toEqual(["c1"]);
  });

  it("a platform losing its identity shows as a target going to null", () => {
    const before = snap(agent());
    const after = { ...before, desired: { livechat: before.desired.livechat, chatwoot: before.desired.chatwoot } };
    expect(availabilityTransitions(before, after, "api")).toEqual([
      {
        kind: "desired",
        platform: "ringcentral",
        from: { userStatus: "Available", dndStatus: "TakeAllCalls" },
        to: null,
        cause: "api",
      },
    ]);
  });
});
