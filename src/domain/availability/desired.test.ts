import { describe, expect, it } from "vitest";
import { ALL, agent } from "../../../test/helpers/availability/kit.ts";
import { acceptsChats, load, summarize } from "./capacity.ts";
import { desired } from "./desired.ts";
import { DEFAULT_POLICY } from "./policy.ts";
import type { AgentState, Desired, Policy } from "./types.ts";

const ACCEPTING: Desired = {
  livechat: { routingStatus: "accepting_chats" },
  chatwoot: { availability: "online" },
  ringcentral: { userStatus: "Available", dndStatus: "TakeAllCalls" },
};
const PHONE_BUSY = { userStatus: "Busy", dndStatus: "DoNotAcceptDepartmentCalls" } as const;
const CHATS_PAUSED = {
  livechat: { routingStatus: "not_accepting_chats" },
  chatwoot: { availability: "busy" },
} as const;

type Row = { name: string; state: AgentState; policy?: Partial<Policy>; want: Desired };

const rows: Row[] = [
  { name: "idle and available: accepting everywhere", state: agent(), want: ACCEPTING },
  {
    name: "one LiveChat chat: still accepting chats, phone busy (queue calls stop, direct calls ring)",
    state: agent({ chats: [["livechat", "c1"]] }),
    want: { ...ACCEPTING, ringcentral: PHONE_BUSY },
  },
  {
    name: "answered call: chats paused, phone left to RingCentral",
    state: agent({ calls: [["s1", "Answered"]] }),
    want: { ...CHATS_PAUSED, ringcentral: ACCEPTING.ringcentral },
  },
  {
    name: "call on hold still pauses chats",
    state: agent({ calls: [["s1", "Hold"]] }),
    want: { ...ACCEPTING, ...CHATS_PAUSED },
  },
  {
    name: "parked call still pauses chats",
    state: agent({ calls: [["s1", "Parked"]] }),
    want: { ...ACCEPTING, ...CHATS_PAUSED },
  },
  {
    name: "ringing call pauses chats by default",
    state: agent({ calls: [["s1", "Setup"]] }),
    want: { ...ACCEPTING, ...CHATS_PAUSED },
  },
  {
    name: "ringing call does not pause chats when the policy says so",
    state: agent({ calls: [["s1", "Proceeding"]] }),
    policy: { pauseChatsWhileRinging: false },
    want: ACCEPTING,
  },
  {
    name: "call with chats: chats paused and phone busy",
    state: agent({ calls: [["s1", "Answered"]], chats: [["chatwoot", "9"]] }),
    want: { ...CHATS_PAUSED, ringcentral: PHONE_BUSY },
  },
  {
    name: "chats at capacity (5 x 20): chats paused, phone busy",
    state: agent({ chats: [1, 2, 3, 4, 5].map((i) => ["livechat", `c${i}`] as ["livechat", string]) }),
    want: { ...CHATS_PAUSED, ringcentral: PHONE_BUSY },
  },
  {
    name: "remaining capacity below one chat's cost pauses chats (capacity 50, 2 chats of 20)",
    state: agent({
      capacity: 50,
      chats: [
        ["livechat", "c1"],
        ["builtin", "b1"],
      ],
    }),
    want: { ...CHATS_PAUSED, ringcentral: PHONE_BUSY },
  },
  {
    name: "per-agent costs: a chat costs 50 of 100, two fill the agent",
    state: agent({
      costs: { chat: 50 },
      chats: [
        ["livechat", "c1"],
        ["chatwoot", "c2"],
      ],
    }),
    want: { ...CHATS_PAUSED, ringcentral: PHONE_BUSY },
  },
  {
    name: "policy chats_at_capacity: one chat leaves the phone available",
    state: agent({ chats: [["livechat", "c1"]] }),
    policy: { phoneBusyWhen: "chats_at_capacity" },
    want: ACCEPTING,
  },
  {
    name: "policy chats_at_capacity: full chats make the phone busy",
    state: agent({
      capacity: 40,
      chats: [
        ["livechat", "c1"],
        ["livechat", "c2"],
      ],
    }),
    policy: { phoneBusyWhen: "chats_at_capacity" },
    want: { ...CHATS_PAUSED, ringcentral: PHONE_BUSY },
  },
  {
    name: "policy: custom busy-with-chats presence (DoNotAcceptAnyCalls)",
    state: agent({ chats: [["livechat", "c1"]] }),
    policy: { phoneWhenBusyWithChats: { userStatus: "Busy", dndStatus: "DoNotAcceptAnyCalls" } },
    want: { ...ACCEPTING, ringcentral: { userStatus: "Busy", dndStatus: "DoNotAcceptAnyCalls" } },
  },
  {
    name: "policy setPhoneBusyDuringCalls: the phone shows busy during a call",
    state: agent({ calls: [["s1", "Answered"]] }),
    policy: { setPhoneBusyDuringCalls: true },
    want: { ...CHATS_PAUSED, ringcentral: PHONE_BUSY },
  },
  {
    name: "ended call statuses are not engagements (VoiceMail)",
    state: agent({ calls: [["s1", "VoiceMail"]] }),
    want: ACCEPTING,
  },
  {
    name: "away: not accepting, Chatwoot busy, phone busy without queue calls",
    state: agent({ intent: "away" }),
    want: { ...CHATS_PAUSED, ringcentral: PHONE_BUSY },
  },
  {
    name: "away wins over idle engagements and over a call",
    state: agent({ intent: "away", calls: [["s1", "Answered"]] }),
    want: { ...CHATS_PAUSED, ringcentral: PHONE_BUSY },
  },
  {
    name: "offline: LiveChat not accepting (cannot be set offline), Chatwoot offline, phone offline",
    state: agent({ intent: "offline" }),
    want: {
      livechat: { routingStatus: "not_accepting_chats" },
      chatwoot: { availability: "offline" },
      ringcentral: { userStatus: "Offline", dndStatus: "DoNotAcceptDepartmentCalls" },
    },
  },
  {
    name: "offline wins over chats",
    state: agent({ intent: "offline", chats: [["livechat", "c1"]] }),
    want: {
      livechat: { routingStatus: "not_accepting_chats" },
      chatwoot: { availability: "offline" },
      ringcentral: { userStatus: "Offline", dndStatus: "DoNotAcceptDepartmentCalls" },
    },
  },
];

describe("desired()", () => {
  it.each(rows)("$name", ({ state, policy, want }) => {
    expect(desired(state, { ...DEFAULT_POLICY, ...policy }, ALL)).toEqual(want);
  });

  it("only targets the platforms the agent has an identity on", () => {
    expect(desired(agent(), DEFAULT_POLICY, ["livechat"])).toEqual({ livechat: { routingStatus: "accepting_chats" } });
    expect(desired(agent(), DEFAULT_POLICY, [])).toEqual({});
  });

  it("returns fresh objects (callers may keep or change them)", () => {
    const a = desired(agent({ intent: "away" }), DEFAULT_POLICY, ALL);
    const b = desired(agent({ intent: "away" }), DEFAULT_POLICY, ALL);
    expect(a.ringcentral).not.toBe(DEFAULT_POLICY.phoneWhenAway);
    expect(a).toEqual(b);
  });
});

describe("load, acceptsChats, summarize", () => {
  it("load counts occupying calls and chats at the agent's costs", () => {
    expect(load(agent())).toBe(0);
    expect(
      load(
        agent({
          chats: [
            ["livechat", "a"],
            ["chatwoot", "b"],
          ],
        }),
      ),
    ).toBe(40);
    expect(load(agent({ calls: [["s", "Answered"]], chats: [["builtin", "b"]] }))).toBe(120);
    expect(load(agent({ calls: [["s", "Setup"]] }), { ...DEFAULT_POLICY, pauseChatsWhileRinging: false })).toBe(0);
  });

  it("acceptsChats follows intent and capacity (for the built-in engine)", () => {
    expect(acceptsChats(agent())).toBe(true);
    expect(acceptsChats(agent({ intent: "away" }))).toBe(false);
    expect(acceptsChats(agent({ calls: [["s", "Answered"]] }))).toBe(false);
    expect(
      acceptsChats(
        agent({
          chats: [
            ["builtin", "1"],
            ["builtin", "2"],
            ["builtin", "3"],
            ["builtin", "4"],
          ],
        }),
      ),
    ).toBe(true);
  });

  it.each([
    [agent(), "available"],
    [agent({ chats: [["livechat", "1"]] }), "busy_with_chats"],
    [agent({ calls: [["s", "Answered"]], chats: [["livechat", "1"]] }), "on_call"],
    [agent({ capacity: 20, chats: [["livechat", "1"]] }), "at_capacity"],
    [agent({ intent: "away", calls: [["s", "Answered"]] }), "away"],
    [agent({ intent: "offline" }), "offline"],
  ] as const)("summarize %# -> %s", (state, status) => {
    expect(summarize(state).status).toBe(status);
  });
});
