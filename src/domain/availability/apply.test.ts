import { describe, expect, it } from "vitest";
import { agent, call, chatEnded, chatStarted, ctxAt, presence, t } from "../../../test/helpers/availability/kit.ts";
import type { DomainEvent } from "../events.ts";
import { applyEvent } from "./apply.ts";
import type { AgentState } from "./types.ts";

const run = (events: DomainEvent[], state: AgentState = agent()): AgentState =>
  events.reduce((s, e) => applyEvent(s, {}, e, ctxAt(100)).state, state);

const callIds = (s: AgentState) =>
  s.engagements.filter((e) => e.kind === "call").map((e) => `${e.id}:${e.kind === "call" ? e.status : ""}`);
const chatIds = (s: AgentState) => s.engagements.filter((e) => e.kind === "chat").map((e) => `${e.platform}/${e.id}`);

describe("applyEvent: calls (last writer wins per session and party on sequence)", () => {
  it("follows a call through its statuses and ends it", () => {
    const s1 = run([call("s1", "Setup", 1, 1), call("s1", "Answered", 3, 2)]);
    expect(callIds(s1)).toEqual(["s1:Answered"]);
    expect(callIds(run([call("s1", "Disconnected", 5, 3)], s1))).toEqual([]);
  });

  it.each([
    ["duplicate", [call("s1", "Answered", 3, 2), call("s1", "Answered", 3, 2)], ["s1:Answered"]],
    ["stale sequence", [call("s1", "Hold", 4, 3), call("s1", "Answered", 3, 2)], ["s1:Hold"]],
    ["reordered start after end", [call("s1", "Disconnected", 5, 3), call("s1", "Setup", 1, 1)], []],
    [
      "late lower sequence after the end",
      [call("s1", "Answered", 3, 2), call("s1", "Gone", 6, 4), call("s1", "Hold", 4, 3)],
      [],
    ],
    [
      "end then duplicate end",
      [call("s1", "Answered", 3, 2), call("s1", "Disconnected", 5, 3), call("s1", "Disconnected", 5, 3)],
      [],
    ],
    ["voicemail ends the agent's party", [call("s1", "Setup", 1, 1), call("s1", "VoiceMail", 2, 2)], []],
    [
      "two calls are independent",
      [call("s1", "Answered", 2, 1), call("s2", "Setup", 1, 2), call("s1", "Disconnected", 3, 3)],
      ["s2:Setup"],
    ],
    [
      "a higher sequence after an end reopens (LWW)",
      [call("s1", "Disconnected", 5, 3), call("s1", "Answered", 6, 4)],
      ["s1:Answered"],
    ],
  ] as const)("%s", (_name, events, want) => {
    expect(callIds(run([...events]))).toEqual(want);
  });

  it("keeps the start time and sequence of the live call", () => {
    const s = run([call("s1", "Setup", 1, 1), call("s1", "Answered", 7, 9)]);
    expect(s.engagements[0]).toMatchObject({ sequence: 7, startedAt: t(1), updatedAt: t(9), partyId: "s1-p" });
  });

  it("presence NoCall ends calls not updated since (a lost Disconnected) and blocks their late events", () => {
    const s1 = run([call("s1", "Answered", 3, 2), presence(10, { telephonyStatus: "NoCall" })]);
    expect(callIds(s1)).toEqual([]);
    expect(callIds(run([call("s1", "Hold", 4, 5)], s1))).toEqual([]);
  });

  it("presence NoCall stamped before a newer call does not end it", () => {
    const s = run([call("s2", "Setup", 1, 20), presence(10, { telephonyStatus: "NoCall" })]);
    expect(callIds(s)).toEqual(["s2:Setup"]);
  });

  it("presence with another telephony status leaves calls alone", () => {
    expect(callIds(run([call("s1", "Answered", 3, 2), presence(10, { telephonyStatus: "CallConnected" })]))).toEqual([
      "s1:Answered",
    ]);
  });
});

describe("applyEvent: chats", () => {
  it("start is idempotent, end removes", () => {
    const s = run([
      chatStarted("livechat", "c1", 1),
      chatStarted("livechat", "c1", 1),
      chatStarted("chatwoot", "c1", 2),
    ]);
    expect(chatIds(s)).toEqual(["livechat/c1", "chatwoot/c1"]);
    expect(chatIds(run([chatEnded("livechat", "c1", 3)], s))).toEqual(["chatwoot/c1"]);
  });

  it("a redelivered start after the end does not resurrect the chat; a later restart (new thread) does", () => {
    const ended = run([
      chatStarted("livechat", "c1", 1),
      chatEnded("livechat", "c1", 5),
      chatStarted("livechat", "c1", 1),
    ]);
    expect(chatIds(ended)).toEqual([]);
    expect(chatIds(run([chatStarted("livechat", "c1", 9)], ended))).toEqual(["livechat/c1"]);
  });

  it("an end delivered before its start wins", () => {
    expect(chatIds(run([chatEnded("chatwoot", "9", 5), chatStarted("chatwoot", "9", 1)]))).toEqual([]);
  });

  it("assignment moves a chat: in for the new assignee, out for the previous one", () => {
    const assigned = (ids: string[], at: number): DomainEvent => ({
      type: "chat.assigned",
      platform: "livechat",
      chatId: "c1",
      agentIds: ids,
      at: t(at),
    });
    const mine = run([assigned(["A@example.com"], 1)]);
    expect(chatIds(mine)).toEqual(["livechat/c1"]);
    expect(chatIds(run([assigned(["b@example.com"], 2)], mine))).toEqual([]);
    const unknown = applyEvent(agent(), {}, assigned(["a@example.com"], 1), { ...ctxAt(1), identities: {} });
    expect(chatIds(unknown.state)).toEqual([]);
    expect(unknown.notes.join()).toMatch(/identities/);
  });

  it("chat.started for other agents is ignored when we know our id", () => {
    const e: DomainEvent = { ...chatStarted("chatwoot", "5", 1), agentIds: ["8"] } as DomainEvent;
    expect(chatIds(run([e]))).toEqual([]);
  });

  it("Chatwoot conversation status: open works it, resolved/snoozed/pending end it", () => {
    const status = (s: "open" | "resolved" | "snoozed" | "pending", at: number): DomainEvent => ({
      type: "conversation.status_changed",
      platform: "chatwoot",
      chatId: "5",
      status: s,
      at: t(at),
    });
    expect(chatIds(run([status("open", 1)]))).toEqual(["chatwoot/5"]);
    for (const s of ["resolved", "snoozed", "pending"] as const)
      expect(chatIds(run([status("open", 1), status(s, 2)]))).toEqual([]);
  });

  it("messages and customer updates change nothing", () => {
    const e: DomainEvent = {
      type: "chat.message",
      platform: "livechat",
      chatId: "c1",
      message: { id: "m", authorId: "x", authorType: "customer", text: "hi", at: t(1) },
    };
    const r = applyEvent(agent(), {}, e, ctxAt(1));
    expect(r.state).toEqual(agent());
    expect(r.intentChange).toBeUndefined();
  });
});

describe("applyEvent: tombstones stay bounded", () => {
  it("prunes to the limit", () => {
    let s = agent();
    for (let i = 0; i < 200; i++) s = applyEvent(s, {}, chatEnded("livechat", `c${i}`, i), ctxAt(300)).state;
    expect(s.ended?.length).toBe(64);
    expect(s.ended?.at(-1)?.id).toBe("c199");
  });
});
