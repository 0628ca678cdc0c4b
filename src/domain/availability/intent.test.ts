import { describe, expect, it } from "vitest";
import { agent, t } from "../../../test/helpers/availability/kit.ts";
import { intentFromObserved, setIntent } from "./intent.ts";
import type { RingCentralObserved } from "./types.ts";

describe("intentFromObserved", () => {
  it.each([
    ["livechat", { routingStatus: "accepting_chats" }, "available"],
    ["livechat", { routingStatus: "not_accepting_chats" }, "away"],
    ["livechat", { routingStatus: "offline" }, "offline"],
    ["chatwoot", { availability: "online" }, "available"],
    ["chatwoot", { availability: "busy" }, "away"],
    ["chatwoot", { availability: "offline" }, "offline"],
  ] as const)("%s %o -> %s", (platform, state, want) => {
    expect(intentFromObserved(platform, state)).toBe(want);
  });

  const rc = (state: RingCentralObserved, previous?: RingCentralObserved) =>
    intentFromObserved("ringcentral", state, previous);

  it.each([
    [{ userStatus: "Available", dndStatus: "TakeAllCalls" }, undefined, "available"],
    [{ userStatus: "Available", dndStatus: "TakeDepartmentCallsOnly" }, undefined, "available"],
    [{ userStatus: "Busy", dndStatus: "TakeAllCalls" }, undefined, "away"],
    [{ userStatus: "Offline", dndStatus: "DoNotAcceptAnyCalls" }, undefined, "offline"],
    [{ userStatus: "Available", dndStatus: "DoNotAcceptAnyCalls" }, undefined, "away"],
    // Queue calls switched off, nothing else: stepping away from the queues.
    [
      { userStatus: "Available", dndStatus: "DoNotAcceptDepartmentCalls" },
      { userStatus: "Available", dndStatus: "TakeAllCalls" },
      "away",
    ],
    // "Available" chosen after our away presence, DND left over: available.
    [
      { userStatus: "Available", dndStatus: "DoNotAcceptDepartmentCalls" },
      { userStatus: "Busy", dndStatus: "DoNotAcceptDepartmentCalls" },
      "available",
    ],
    [{ dndStatus: "TakeAllCalls" }, undefined, "available"],
    [{}, undefined, undefined],
  ] as const)("ringcentral %o after %o -> %s", (state, previous, want) => {
    expect(rc(state, previous)).toBe(want);
  });
});

describe("setIntent (last writer wins on time)", () => {
  it("a newer choice wins and is reported as a change", () => {
    const r = setIntent(agent({ intentAt: 0 }), { status: "away", source: "switchboard", at: t(5) });
    expect(r.intentChange).toEqual({ from: "available", to: "away", source: "switchboard", at: t(5) });
  });

  it("an older choice loses", () => {
    const r = setIntent(agent({ intent: "away", intentAt: 10 }), { status: "available", source: "livechat", at: t(5) });
    expect(r.state.intent.status).toBe("away");
    expect(r.intentChange).toBeUndefined();
  });

  it("the same status moves the time forward silently", () => {
    const r = setIntent(agent({ intent: "away", intentAt: 0 }), { status: "away", source: "chatwoot", at: t(5) });
    expect(r.intentChange).toBeUndefined();
    expect(r.state.intent).toEqual({ status: "away", source: "chatwoot", at: t(5) });
  });
});
