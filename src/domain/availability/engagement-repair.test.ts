import { describe, expect, it } from "vitest";
import { agent, call, chatStarted, ctxAt, ms } from "../../../test/helpers/availability/kit.ts";
import { applyEvent } from "./apply.ts";
import { repairEngagements } from "./engagement-repair.ts";
import type { AgentState } from "./types.ts";

const summary = (s: AgentState) =>
  s.engagements.map((e) => (e.kind === "call" ? `call:${e.id}:${e.status}` : `chat:${e.platform}/${e.id}`)).sort();

describe("repairEngagements", () => {
  const busy = agent({
    calls: [["s1", "Answered"]],
    chats: [
      ["livechat", "c1"],
      ["chatwoot", "9"],
      ["builtin", "b1"],
    ],
  });

  it("ends calls RingCentral no longer lists, and late events cannot bring them back", () => {
    const { state, notes } = repairEngagements(busy, { activeCalls: [] }, ms(100));
    expect(summary(state)).toEqual(["chat:builtin/b1", "chat:chatwoot/9", "chat:livechat/c1"]);
    expect(notes).toEqual(["call s1/s1-p: no longer active on RingCentral, ended"]);
    const late = applyEvent(state, {}, call("s1", "Hold", 7, 50), ctxAt(101)).state;
    expect(summary(late)).not.toContain("call:s1:Hold");
  });

  it("leaves alone what started after the platform was read: a slow or late reading cannot know it", () => {
    // The call's event (at 50 s) was applied while the reading taken at 40 s was still under way.
    const onCall = applyEvent(agent({ chats: [["livechat", "c1"]] }), {}, call("s2", "Answered", 1, 50), ctxAt(50));
    const late = applyEvent(onCall.state, {}, chatStarted("livechat", "c2", 55), ctxAt(55)).state;
    const { state, notes } = repairEngagements(
      late,
      { activeCalls: [], activeChats: [{ platform: "livechat", ids: ["c1"] }], readAt: new Date(ms(40)).toISOString() },
      ms(60),
    );
    expect(summary(state)).toEqual(["call:s2:Answered", "chat:livechat/c1", "chat:livechat/c2"]);
    expect(notes).toEqual([]);
    // The same reading taken after both began is trusted.
    const current = repairEngagements(late, { activeCalls: [], readAt: new Date(ms(58)).toISOString() }, ms(60));
    expect(summary(current.state)).toEqual(["chat:livechat/c1", "chat:livechat/c2"]);
  });

  it("adds calls we never heard start, with the status presence implies", () => {
    const { state } = repairEngagements(
      agent(),
      {
        activeCalls: [
          { telephonySessionId: "s9", partyId: "p9", telephonyStatus: "OnHold" },
          { telephonySessionId: "s8", telephonyStatus: "Ringing" },
        ],
      },
      ms(100),
    );
    expect(summary(state)).toEqual(["call:s8:Proceeding", "call:s9:Hold"]);
    // Any real event for the added call is newer than what the repair knew.
    const next = applyEvent(state, {}, call("s9", "Answered", 1, 101, "p9"), ctxAt(101)).state;
    expect(summary(next)).toContain("call:s9:Answered");
  });

  it("corrects a call's phase from presence (a lost Answered)", () => {
    const ringing = agent({ calls: [["s1", "Setup"]] });
    const { state } = repairEngagements(
      ringing,
      { activeCalls: [{ telephonySessionId: "s1", telephonyStatus: "CallConnected" }] },
      ms(5),
    );
    expect(summary(state)).toEqual(["call:s1:Answered"]);
  });

  it("keeps a matching call untouched and ignores NoCall entries", () => {
    const { state, notes } = repairEngagements(
      busy,
      {
        activeCalls: [
          { telephonySessionId: "s1", partyId: "s1-p", telephonyStatus: "CallConnected" },
          { telephonySessionId: "x", telephonyStatus: "NoCall" },
        ],
      },
      ms(5),
    );
    expect(state.engagements).toEqual(busy.engagements);
    expect(notes).toEqual([]);
  });

  it("leaves calls alone when calls were not checked, and chats of unlisted channels alone", () => {
    const { state } = repairEngagements(busy, { activeChats: [{ platform: "livechat", ids: ["c2"] }] }, ms(5));
    expect(summary(state)).toEqual(["call:s1:Answered", "chat:builtin/b1", "chat:chatwoot/9", "chat:livechat/c2"]);
  });

  it("a repaired end blocks a redelivered start stamped before the repair", () => {
    const { state } = repairEngagements(busy, { activeChats: [{ platform: "livechat", ids: [] }] }, ms(100));
    const late = applyEvent(state, {}, chatStarted("livechat", "c1", 0), ctxAt(101)).state;
    expect(summary(late)).not.toContain("chat:livechat/c1");
  });
});
