import { describe, expect, it } from "vitest";
import { generateDay } from "./day.ts";
import type { DayAction, DayScript } from "./day-script.ts";
import { subjectOf } from "./day-script.ts";
import { applyToTruth, desiredOf, initialTruth, matches } from "./truth.ts";

const day = (seed: number, minutes = 10) => generateDay({ seed, minutes });

/** Replays a script on the truth model, failing on the first action a real person could not have done. */
function replay(script: DayScript): string[] {
  const problems: string[] = [];
  const truth = initialTruth(script.agents);
  const subjects = new Map<string, DayAction["kind"][]>();
  for (const action of script.actions) {
    const agent = truth[action.agent];
    if (!agent) {
      problems.push(`unknown agent ${action.agent}`);
      continue;
    }
    const history = subjects.get(subjectOf(action)) ?? [];
    const where = `${action.kind} ${subjectOf(action)} at ${action.at}`;
    switch (action.kind) {
      case "chat.start":
        if (agent.intent !== "available" || agent.calls.size > 0 || agent.chats.size >= 3)
          problems.push(`${where}: offered to someone who would not get it`);
        if (history.length > 0) problems.push(`${where}: started twice`);
        break;
      case "call.start":
        if (agent.intent !== "available" || agent.calls.size > 0) problems.push(`${where}: agent not free`);
        break;
      case "status":
        if (action.intent !== "available" && (agent.chats.size > 0 || agent.calls.size > 0))
          problems.push(`${where}: stepped away mid-conversation`);
        if (action.intent === agent.intent) problems.push(`${where}: no change`);
        break;
      default:
        if (history[0] !== "chat.start" && history[0] !== "call.start") problems.push(`${where}: before its start`);
        if (history.includes("chat.end") || history.includes("call.end")) problems.push(`${where}: after its end`);
    }
    if (action.kind === "call.unhold" && history.at(-1) !== "call.hold") problems.push(`${where}: not on hold`);
    if (action.kind === "call.answer" && history.length !== 1) problems.push(`${where}: answered late or twice`);
    subjects.set(subjectOf(action), [...history, action.kind]);
    applyToTruth(truth, action);
  }
  truth.forEach((a, i) => {
    if (a.intent !== "available" || a.chats.size > 0 || a.calls.size > 0)
      problems.push(`agent ${i} not idle at the end`);
  });
  return problems;
}

describe("generateDay", () => {
  it("is deterministic for a seed and differs between seeds", () => {
    expect(day(7)).toEqual(day(7));
    expect(day(8).actions).not.toEqual(day(7).actions);
  });

  it("orders actions in time, within the day", () => {
    const script = day(3);
    const times = script.actions.map((a) => a.at);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...times)).toBeLessThanOrEqual(script.durationMs);
  });

  it.each([1, 2, 3, 4, 5, 42, 1234])(
    "seed %i: every action is one a person could do, and the day ends idle",
    (seed) => {
      expect(replay(day(seed))).toEqual([]);
    },
  );

  it("contains everything the demo promises: chats on both platforms, calls both ways, holds, breaks on every platform", () => {
    const actions = [1, 2, 3].flatMap((seed) => day(seed).actions);
    const has = (p: (a: DayAction) => boolean) => actions.some(p);
    expect(has((a) => a.kind === "chat.start" && a.platform === "livechat")).toBe(true);
    expect(has((a) => a.kind === "chat.start" && a.platform === "chatwoot")).toBe(true);
    expect(has((a) => a.kind === "chat.message" && a.from === "customer")).toBe(true);
    expect(has((a) => a.kind === "call.start" && a.direction === "Inbound" && a.ringing)).toBe(true);
    expect(has((a) => a.kind === "call.start" && a.direction === "Outbound")).toBe(true);
    expect(has((a) => a.kind === "call.hold")).toBe(true);
    for (const platform of ["livechat", "ringcentral", "chatwoot"] as const)
      expect(has((a) => a.kind === "status" && a.platform === platform && a.intent !== "available")).toBe(true);
  });

  it("overlaps work: some agent is on a call while still holding a chat", () => {
    const script = day(1);
    const truth = initialTruth(script.agents);
    let overlapped = false;
    for (const action of script.actions) {
      applyToTruth(truth, action);
      overlapped ||= truth.some((a) => a.calls.size > 0 && a.chats.size > 0);
    }
    expect(overlapped).toBe(true);
  });

  it("scales with intensity and agents", () => {
    const busy = generateDay({ seed: 1, minutes: 10, intensity: 3 });
    const small = generateDay({ seed: 1, minutes: 10, agents: 2 });
    expect(busy.actions.length).toBeGreaterThan(day(1).actions.length);
    expect(new Set(small.actions.map((a) => a.agent))).toEqual(new Set([0, 1]));
    expect(replay(busy)).toEqual([]);
  });
});

describe("truth → desired", () => {
  it("uses the engine: a chat makes the phone busy, a call pauses chats, away wins over everything", () => {
    const [agent] = initialTruth(1);
    if (!agent) throw new Error("no agent");
    expect(desiredOf(agent)).toEqual({
      livechat: { routingStatus: "accepting_chats" },
      ringcentral: { userStatus: "Available", dndStatus: "TakeAllCalls" },
      chatwoot: { availability: "online" },
    });
    agent.chats.set("c1", "chatwoot");
    expect(desiredOf(agent).ringcentral).toEqual({ userStatus: "Busy", dndStatus: "DoNotAcceptDepartmentCalls" });
    agent.calls.set("k1", "hold");
    expect(desiredOf(agent).livechat).toEqual({ routingStatus: "not_accepting_chats" });
    expect(desiredOf(agent).chatwoot).toEqual({ availability: "busy" });
    agent.chats.clear();
    agent.calls.clear();
    agent.intent = "offline";
    expect(desiredOf(agent).chatwoot).toEqual({ availability: "offline" });
    expect(desiredOf(agent).ringcentral?.userStatus).toBe("Offline");
  });
});

describe("matches", () => {
  const want = desiredOf({ intent: "away", chats: new Map(), calls: new Map() });
  it("compares what a platform shows with the truth's target, by the engine's rule", () => {
    expect(matches("livechat", { livechat: { routingStatus: "not_accepting_chats" } }, want)).toBe(true);
    // A LiveChat agent who logged out is certainly not accepting chats.
    expect(matches("livechat", { livechat: { routingStatus: "offline" } }, want)).toBe(true);
    expect(matches("livechat", { livechat: { routingStatus: "accepting_chats" } }, want)).toBe(false);
    expect(
      matches("ringcentral", { ringcentral: { userStatus: "Busy", dndStatus: "DoNotAcceptDepartmentCalls" } }, want),
    ).toBe(true);
    expect(matches("ringcentral", { ringcentral: { userStatus: "Busy", dndStatus: "TakeAllCalls" } }, want)).toBe(
      false,
    );
    expect(matches("chatwoot", { chatwoot: { availability: "busy" } }, want)).toBe(true);
  });
  it("never counts a platform that said nothing as matching", () => {
    expect(matches("chatwoot", {}, want)).toBe(false);
  });
});
