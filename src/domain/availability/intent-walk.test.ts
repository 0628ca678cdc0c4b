import { describe, expect, it } from "vitest";
import { agent, ctxAt, cwAvailability, ms, presence, routing, t } from "../../../test/helpers/availability/kit.ts";
import { feedEvents, type Run } from "../../../test/helpers/availability/loop.ts";
import type { DomainEvent } from "../events.ts";
import { setIntent } from "./intent.ts";
import { recordCommandResult } from "./observations.ts";
import type { AgentState, IntentStatus, IssuedCommand } from "./types.ts";

const lcCmd = (routingStatus: "accepting_chats" | "not_accepting_chats", s: number): IssuedCommand => ({
  platform: "livechat",
  target: { routingStatus },
  issuedAtMs: ms(s),
});
/** Events in order against one fixed command history (processed at t=1000 s), collecting intent changes. */
const feed = (events: DomainEvent[], commands: IssuedCommand[] = [], start: Run | AgentState = agent()): Run =>
  feedEvents(events, commands, start, (c) => ctxAt(1000, c));
const intentOf = (run: Run): IntentStatus => run.state.intent.status;

describe("Chatwoot availability (polled)", () => {
  it("first poll is a baseline; a later different poll is intent; an unchanged poll is nothing", () => {
    const first = feed([cwAvailability("offline", 1)]);
    expect(first.changes).toEqual([]);
    const r = feed([cwAvailability("busy", 60), cwAvailability("busy", 120)], [], first);
    expect(r.changes).toEqual(["available->away@chatwoot"]);
    expect(r.state.intent.at).toBe(t(60));
  });

  it("a poll showing our own command's result is not intent", () => {
    const first = feed([cwAvailability("online", 1)]);
    const cmd: IssuedCommand = { platform: "chatwoot", target: { availability: "busy" }, issuedAtMs: ms(30) };
    expect(feed([cwAvailability("busy", 60)], [cmd], first).changes).toEqual([]);
  });
});

describe("replay: bounded logs and frozen readings", () => {
  it("a person's change survives many later re-broadcasts (what falls off the log is folded into the base)", () => {
    const events = [presence(1, { userStatus: "Available", dndStatus: "TakeAllCalls", sequence: 1 })];
    events.push(presence(10, { userStatus: "Busy", dndStatus: "TakeAllCalls", sequence: 2 }));
    for (let i = 0; i < 40; i++)
      events.push(
        presence(20 + i, {
          userStatus: "Busy",
          dndStatus: "TakeAllCalls",
          telephonyStatus: "Ringing",
          sequence: 3 + i,
        }),
      );
    const r = feed(events);
    expect(r.state.intent).toEqual({ status: "away", source: "ringcentral", at: t(10) });
    expect(r.actuals.ringcentral?.log?.length).toBeLessThanOrEqual(16);
    expect(r.state.intentBase?.intent.status).toBe("away");
  });

  it("reports past the replay horizon keep their reading when the command that explained them is forgotten", () => {
    const echoed = feed([routing("not_accepting_chats", 10)], [lcCmd("not_accepting_chats", 10)]);
    expect(intentOf(echoed)).toBe("available");
    // Twenty minutes later the lead no longer lists that command; an unrelated report replays the logs.
    const later = feed([cwAvailability("online", 1200), cwAvailability("online", 1260)], [], echoed);
    expect(intentOf(later)).toBe("available");
  });

  it("a choice made in Switchboard is the new base: older reports cannot undo it, newer ones can", () => {
    const base = feed([routing("not_accepting_chats", 10)]);
    const set = setIntent(base.state, { status: "available", source: "switchboard", at: t(20) });
    const older = feed([routing("offline", 15)], [], { ...base, state: set.state });
    expect(older.state.intent).toMatchObject({ status: "available", source: "switchboard" });
    const newer = feed([routing("not_accepting_chats", 30)], [], older);
    expect(newer.state.intent).toMatchObject({ status: "away", source: "livechat" });
  });

  it("a person's change survives many recorded command results (they never push reports out unfolded)", () => {
    const start = feed([routing("accepting_chats", 5), routing("not_accepting_chats", 10)]);
    let actuals = start.actuals;
    for (let i = 0; i < 60; i++) {
      const routingStatus = i % 2 === 0 ? "not_accepting_chats" : "accepting_chats";
      actuals = recordCommandResult(actuals, { platform: "livechat", target: { routingStatus } }, t(20 + i));
    }
    expect(actuals.livechat?.log?.length).toBeLessThanOrEqual(32);
    expect(actuals.livechat?.log?.filter((o) => o.source !== "command").length).toBe(2);
    const later = feed([cwAvailability("online", 100), cwAvailability("online", 110)], [], { ...start, actuals });
    expect(intentOf(later)).toBe("away");
    const trimmed = feed([routing("not_accepting_chats", 200)], [lcCmd("not_accepting_chats", 79)], later);
    expect(trimmed.actuals.livechat?.log?.length).toBeLessThanOrEqual(16);
    expect(intentOf(trimmed)).toBe("away");
  });
});
