import { describe, expect, it } from "vitest";
import {
  ALL,
  agent,
  call,
  chatEnded,
  chatStarted,
  ms,
  presence,
  routing,
  t,
} from "../../../test/helpers/availability/kit.ts";
import { feed, type Loop, newLoop, observe } from "../../../test/helpers/availability/loop.ts";
import type { DomainEvent } from "../events.ts";
import { desired } from "./desired.ts";
import { DEFAULT_POLICY } from "./policy.ts";
import type { CommandSpec, Desired } from "./types.ts";

/**
 * The "must show" list, end to end through the engine loop, with each platform confirming our commands
 * by its own event (the echo guard must recognise every one of them).
 */
type Platforms = {
  livechat: "accepting_chats" | "not_accepting_chats" | "offline";
  chatwoot: "online" | "busy" | "offline";
  ringcentral: {
    userStatus: "Available" | "Busy" | "Offline";
    dndStatus: "TakeAllCalls" | "DoNotAcceptDepartmentCalls" | "TakeDepartmentCallsOnly" | "DoNotAcceptAnyCalls";
  };
};

function world(recordResults = true) {
  const platforms: Platforms = {
    livechat: "accepting_chats",
    chatwoot: "online",
    ringcentral: { userStatus: "Available", dndStatus: "TakeAllCalls" },
  };
  let clock = -5;
  let rcSequence = 10;
  const echoes: DomainEvent[] = [];
  const loop: Loop = { ...newLoop(agent({ intentAt: -10 }), {}), recordResults };
  const execute = (c: CommandSpec) => {
    if (c.platform === "livechat") {
      platforms.livechat = c.target.routingStatus;
      echoes.push(routing(c.target.routingStatus, clock + 0.3));
    } else if (c.platform === "chatwoot") {
      platforms.chatwoot = c.target.availability;
      echoes.push({
        type: "agent.availability_changed",
        platform: "chatwoot",
        agentId: "7",
        status: c.target.availability,
        at: t(clock + 0.5),
      });
    } else {
      platforms.ringcentral = { ...c.target };
      rcSequence += 1;
      echoes.push(presence(clock + 0.2, { ...c.target, sequence: rcSequence }));
    }
  };
  // Baselines, as the lead seeds them by polling when an agent is connected.
  observe(
    loop,
    { platform: "livechat", state: { routingStatus: "accepting_chats" }, at: t(-5), source: "poll" },
    ms(-5),
    execute,
  );
  observe(
    loop,
    { platform: "chatwoot", state: { availability: "online" }, at: t(-5), source: "poll" },
    ms(-5),
    execute,
  );
  observe(
    loop,
    { platform: "ringcentral", state: { ...platforms.ringcentral }, at: t(-5), source: "poll", sequence: 10 },
    ms(-5),
    execute,
  );
  // Confirmations arrive a moment later, before anything else happens.
  const confirm = (commands: CommandSpec[]): CommandSpec[] => {
    while (echoes.length > 0) {
      const echo = echoes.shift();
      if (echo) commands.push(...feed(loop, echo, ms(clock + 1), execute));
    }
    return commands;
  };
  confirm([]);
  const step = (seconds: number, event: DomainEvent): CommandSpec[] => {
    clock = seconds;
    return confirm(feed(loop, event, ms(seconds), execute));
  };
  /** A person changes a platform themselves: the platform changes, then its event reaches us. */
  const byHand = (seconds: number, event: DomainEvent): CommandSpec[] => {
    if (event.type === "agent.routing_status_changed") platforms.livechat = event.status;
    if (event.type === "presence.changed" && event.userStatus && event.dndStatus) {
      platforms.ringcentral = { userStatus: event.userStatus, dndStatus: event.dndStatus };
    }
    return step(seconds, event);
  };
  const targets = (): Desired => desired(loop.state, DEFAULT_POLICY, ALL);
  return { platforms, loop, step, byHand, targets };
}

const kinds = (commands: CommandSpec[]) => commands.map((c) => `${c.platform}:${Object.values(c.target).join("/")}`);

describe("must show", () => {
  it("a LiveChat chat makes the phone busy; chat platforms keep accepting", () => {
    const w = world();
    expect(kinds(w.step(10, chatStarted("livechat", "c1", 10)))).toEqual([
      "ringcentral:Busy/DoNotAcceptDepartmentCalls",
    ]);
    expect(w.platforms.ringcentral).toEqual({ userStatus: "Busy", dndStatus: "DoNotAcceptDepartmentCalls" });
    expect(w.platforms.livechat).toBe("accepting_chats");
    expect(w.loop.state.intent.status).toBe("available");
  });

  it("a call pauses LiveChat and Chatwoot; the chat ending mid-call keeps them paused; the call ending frees all", () => {
    const w = world();
    w.step(10, chatStarted("livechat", "c1", 10));
    expect(kinds(w.step(20, call("s1", "Setup", 1, 20)))).toEqual(["livechat:not_accepting_chats", "chatwoot:busy"]);
    w.step(25, call("s1", "Answered", 2, 25));
    expect(kinds(w.step(40, chatEnded("livechat", "c1", 40)))).toEqual(["ringcentral:Available/TakeAllCalls"]);
    expect(w.platforms.livechat).toBe("not_accepting_chats");
    expect(w.platforms.chatwoot).toBe("busy");
    expect(kinds(w.step(90, call("s1", "Disconnected", 3, 90)))).toEqual([
      "livechat:accepting_chats",
      "chatwoot:online",
    ]);
    expect(w.platforms).toEqual({
      livechat: "accepting_chats",
      chatwoot: "online",
      ringcentral: { userStatus: "Available", dndStatus: "TakeAllCalls" },
    });
    expect(w.loop.state.intent.status).toBe("available");
  });

  it("the call ending with chats at capacity keeps the phone busy and chats paused", () => {
    const w = world();
    w.step(5, call("s1", "Answered", 1, 5));
    for (let i = 1; i <= 5; i++) w.step(10 + i, chatStarted("chatwoot", `${i}`, 10 + i));
    w.step(60, call("s1", "Disconnected", 2, 60));
    expect(w.targets()).toEqual({
      livechat: { routingStatus: "not_accepting_chats" },
      chatwoot: { availability: "busy" },
      ringcentral: { userStatus: "Busy", dndStatus: "DoNotAcceptDepartmentCalls" },
    });
    expect(w.platforms.ringcentral.userStatus).toBe("Busy");
    expect(w.platforms.livechat).toBe("not_accepting_chats");
  });

  it("not accepting set by hand in LiveChat is carried everywhere and survives later calls", () => {
    const w = world();
    expect(kinds(w.byHand(10, routing("not_accepting_chats", 10)))).toEqual([
      "ringcentral:Busy/DoNotAcceptDepartmentCalls",
      "chatwoot:busy",
    ]);
    expect(w.loop.state.intent).toMatchObject({ status: "away", source: "livechat" });
    w.step(20, call("s1", "Answered", 1, 20));
    expect(kinds(w.step(80, call("s1", "Disconnected", 2, 80)))).toEqual([]);
    expect(w.platforms.livechat).toBe("not_accepting_chats");
    expect(w.platforms.chatwoot).toBe("busy");
  });

  it("set away (RingCentral Busy) during a call stays away after it", () => {
    const w = world();
    w.step(20, call("s1", "Answered", 1, 20));
    w.byHand(
      30,
      presence(30, { userStatus: "Busy", dndStatus: "TakeAllCalls", telephonyStatus: "CallConnected", sequence: 50 }),
    );
    expect(w.loop.state.intent).toMatchObject({ status: "away", source: "ringcentral" });
    w.step(80, call("s1", "Disconnected", 2, 80));
    expect(w.platforms.livechat).toBe("not_accepting_chats");
    expect(w.platforms.chatwoot).toBe("busy");
    expect(w.platforms.ringcentral).toEqual({ userStatus: "Busy", dndStatus: "DoNotAcceptDepartmentCalls" });
  });

  it("without recorded command results, every confirmation is recognised as an echo", () => {
    const w = world(false);
    w.step(10, chatStarted("livechat", "c1", 10));
    w.step(20, call("s1", "Answered", 1, 20));
    w.step(30, chatEnded("livechat", "c1", 30));
    w.step(40, call("s1", "Disconnected", 2, 40));
    expect(w.loop.state.intent.source).toBe("default");
    expect(w.platforms.livechat).toBe("accepting_chats");
    // Snapshots (RingCentral, Chatwoot) match the command we issued; LiveChat's change notices go through the guard.
    expect(w.loop.notes.filter((n) => n.includes("echo of our command")).length).toBe(2);
    expect(w.loop.notes.filter((n) => n.includes("intent ")).filter((n) => !n.includes("not intent"))).toEqual([]);
  });
});
