import { describe, expect, it } from "vitest";
import { agent, ctxAt, ms, presence, routing, t } from "../../../test/helpers/availability/kit.ts";
import { feedEvents, type Run } from "../../../test/helpers/availability/loop.ts";
import type { DomainEvent } from "../events.ts";
import { recordCommandResult } from "./observations.ts";
import { applyObservation } from "./observe.ts";
import type { AgentState, IntentStatus, IssuedCommand } from "./types.ts";

const lcCmd = (routingStatus: "accepting_chats" | "not_accepting_chats", s: number): IssuedCommand => ({
  platform: "livechat",
  target: { routingStatus },
  issuedAtMs: ms(s),
});
const rcCmd = (
  userStatus: "Available" | "Busy",
  dndStatus: "TakeAllCalls" | "DoNotAcceptDepartmentCalls",
  s: number,
): IssuedCommand => ({
  platform: "ringcentral",
  target: { userStatus, dndStatus },
  issuedAtMs: ms(s),
});

/** Events in order against one fixed command history (processed at t=1000 s), collecting intent changes. */
const feed = (events: DomainEvent[], commands: IssuedCommand[] = [], start: Run | AgentState = agent()): Run =>
  feedEvents(events, commands, start, (c) => ctxAt(1000, c));
const intentOf = (run: Run): IntentStatus => run.state.intent.status;

describe("LiveChat routing_status_set: intent or echo", () => {
  it("a person's change is intent, carried with its source and time", () => {
    const r = feed([routing("not_accepting_chats", 10)]);
    expect(r.changes).toEqual(["available->away@livechat"]);
    expect(r.state.intent).toEqual({ status: "away", source: "livechat", at: t(10) });
    expect(r.actuals.livechat?.state).toEqual({ routingStatus: "not_accepting_chats" });
  });

  it("the confirmation of our command is not intent", () => {
    const r = feed([routing("not_accepting_chats", 11)], [lcCmd("not_accepting_chats", 10)]);
    expect(r.changes).toEqual([]);
    expect(r.notes.join()).toMatch(/echo/);
    expect(r.actuals.livechat?.state).toEqual({ routingStatus: "not_accepting_chats" });
  });

  it("our latest command is an echo whatever its age (the platform shows what we last told it)", () => {
    expect(feed([routing("not_accepting_chats", 500)], [lcCmd("not_accepting_chats", 10)]).changes).toEqual([]);
  });

  it("an older command outside the window, superseded by a different one, is not an excuse", () => {
    const commands = [lcCmd("not_accepting_chats", 10), lcCmd("accepting_chats", 20)];
    expect(feed([routing("not_accepting_chats", 200)], commands).changes).toEqual(["available->away@livechat"]);
  });

  it("within the window, a command superseded before the report is not an excuse either", () => {
    const commands = [lcCmd("not_accepting_chats", 10), lcCmd("accepting_chats", 20)];
    expect(feed([routing("not_accepting_chats", 30)], commands).changes).toEqual(["available->away@livechat"]);
  });

  it("a quick flip-flop: the first command's confirmation is still an echo", () => {
    const commands = [lcCmd("not_accepting_chats", 10), lcCmd("accepting_chats", 10.5)];
    expect(feed([routing("not_accepting_chats", 10.2)], commands).changes).toEqual([]);
  });

  it("after the platform departed from our state, the same state again is the person's", () => {
    const commands = [lcCmd("not_accepting_chats", 10)];
    const r = feed(
      [routing("not_accepting_chats", 11), routing("accepting_chats", 20), routing("not_accepting_chats", 25)],
      commands,
    );
    expect(r.changes).toEqual(["available->away@livechat"]);
  });

  it("the same, delivered out of order, converges to the same intent", () => {
    const commands = [lcCmd("not_accepting_chats", 10)];
    const r = feed(
      [routing("not_accepting_chats", 25), routing("not_accepting_chats", 11), routing("accepting_chats", 20)],
      commands,
    );
    expect(intentOf(r)).toBe("away");
    expect(r.state.intent.at).toBe(t(25));
    expect(r.actuals.livechat?.at).toBe(t(25));
  });

  it("duplicates and older reports do not move the intent back", () => {
    const r = feed([
      routing("not_accepting_chats", 10),
      routing("accepting_chats", 20),
      routing("not_accepting_chats", 10),
    ]);
    expect(intentOf(r)).toBe("available");
    expect(r.actuals.livechat?.state).toEqual({ routingStatus: "accepting_chats" });
  });

  it("a report older than an intent set in Switchboard does not override it", () => {
    const r = feed(
      [routing("accepting_chats", 40)],
      [],
      agent({ intent: "away", source: "switchboard", intentAt: 50 }),
    );
    expect(intentOf(r)).toBe("away");
  });

  it("offline (logged out; UNCONFIRMED for humans) is intent offline", () => {
    expect(feed([routing("offline", 10)]).changes).toEqual(["available->offline@livechat"]);
  });

  it("a late report of a person's change still counts when our command overwrote it meanwhile", () => {
    const base = feed([routing("accepting_chats", 5)]);
    const actuals = recordCommandResult(
      base.actuals,
      { platform: "livechat", target: { routingStatus: "accepting_chats" } },
      t(30),
    );
    const r = feed([routing("not_accepting_chats", 20)], [lcCmd("accepting_chats", 30)], { ...base, actuals });
    expect(r.changes).toEqual(["available->away@livechat"]);
    expect(r.actuals.livechat?.state).toEqual({ routingStatus: "accepting_chats" });
  });

  it("our command results are never intent", () => {
    const r = applyObservation(
      agent(),
      {},
      { platform: "livechat", state: { routingStatus: "not_accepting_chats" }, at: t(10), source: "command" },
      ctxAt(10),
    );
    expect(r.intentChange).toBeUndefined();
    expect(r.actuals.livechat?.source).toBe("command");
  });
});

describe("RingCentral presence: intent, echo and snapshots", () => {
  const baseline = presence(1, { userStatus: "Available", dndStatus: "TakeAllCalls", sequence: 1 });

  it("the first snapshot is a baseline, not intent", () => {
    expect(feed([presence(1, { userStatus: "Busy", dndStatus: "TakeAllCalls", sequence: 1 })]).changes).toEqual([]);
  });

  it.each([
    ["Busy", { userStatus: "Busy" as const }, "away"],
    ["Invisible (Offline)", { userStatus: "Offline" as const }, "offline"],
    ["Do not disturb", { dndStatus: "DoNotAcceptAnyCalls" as const }, "away"],
    ["queue calls off only", { dndStatus: "DoNotAcceptDepartmentCalls" as const }, "away"],
  ])("%s is intent %s", (_name, fields, want) => {
    const r = feed([baseline, presence(10, { ...fields, sequence: 2 })]);
    expect(intentOf(r)).toBe(want);
    expect(r.state.intent.source).toBe("ringcentral");
  });

  it("a DND-only report keeps the userStatus we knew", () => {
    const r = feed([baseline, presence(10, { dndStatus: "DoNotAcceptAnyCalls", sequence: 2 })]);
    expect(r.actuals.ringcentral?.state).toEqual({ userStatus: "Available", dndStatus: "DoNotAcceptAnyCalls" });
  });

  it("choosing Available after our away presence is available, even with DND left in place", () => {
    const away = agent({ intent: "away", source: "livechat", intentAt: 0 });
    const start = feed(
      [presence(1, { userStatus: "Busy", dndStatus: "DoNotAcceptDepartmentCalls", sequence: 1 })],
      [],
      away,
    );
    const r = feed(
      [presence(10, { userStatus: "Available", dndStatus: "DoNotAcceptDepartmentCalls", sequence: 2 })],
      [],
      start,
    );
    expect(r.changes).toEqual(["away->available@ringcentral"]);
  });

  it("our busy-with-chats presence is not intent even without a matching command", () => {
    const busy = agent({ chats: [["livechat", "c1"]] });
    const r = feed(
      [baseline, presence(10, { userStatus: "Busy", dndStatus: "DoNotAcceptDepartmentCalls", sequence: 2 })],
      [],
      busy,
    );
    expect(r.changes).toEqual([]);
    expect(r.notes.join()).toMatch(/engagements/);
  });

  it("a delayed snapshot that still shows our old busy presence is not intent after we set Available", () => {
    const commands = [rcCmd("Busy", "DoNotAcceptDepartmentCalls", 10), rcCmd("Available", "TakeAllCalls", 100)];
    const echo = presence(10.5, { userStatus: "Busy", dndStatus: "DoNotAcceptDepartmentCalls", sequence: 2 });
    const first = feed([baseline, echo], commands);
    const actuals = recordCommandResult(
      first.actuals,
      { platform: "ringcentral", target: { userStatus: "Available", dndStatus: "TakeAllCalls" } },
      t(100),
    );
    const rebroadcast = presence(50, {
      userStatus: "Busy",
      dndStatus: "DoNotAcceptDepartmentCalls",
      telephonyStatus: "Ringing",
      sequence: 3,
    });
    const r = feed([rebroadcast], commands, { ...first, actuals });
    expect(r.changes).toEqual([]);
    expect(r.actuals.ringcentral?.state).toEqual({ userStatus: "Available", dndStatus: "TakeAllCalls" });
  });

  it("the same sequence delivered twice is a duplicate", () => {
    const change = presence(10, { userStatus: "Busy", dndStatus: "TakeAllCalls", sequence: 2 });
    const r = feed([baseline, change, change]);
    expect(r.changes).toEqual(["available->away@ringcentral"]);
    expect(r.notes.join()).toMatch(/duplicate/);
  });

  it("presence carrying neither half only repairs calls", () => {
    const r = feed([baseline, presence(10, { telephonyStatus: "Ringing", sequence: 2 })]);
    expect(r.changes).toEqual([]);
    expect(r.actuals.ringcentral?.at).toBe(t(1));
  });
});
