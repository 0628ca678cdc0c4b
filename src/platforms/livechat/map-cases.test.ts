import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SHARED_DIR, sharedPath } from "../../../test/helpers/shared-docs.ts";
import type { DomainEvent, MapOutcome } from "../../domain/events.ts";
import { map } from "./map.ts";
import { authorTypeOf } from "./map-helpers.ts";

const FIXTURES = join(import.meta.dirname, "../../../test/fixtures/livechat");
const META = { receivedAt: "2026-06-17T12:00:00.000Z", headers: {} };
const SPECS = sharedPath("specs/livechat/examples/webhooks");

type Json = Record<string, unknown>;
type Chat = { users: Json[]; thread: { events: Json[] } };
const fixture = (name: string): Json => JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), "utf8")) as Json;
const envelope = (action: string, payload: Json): Json => ({ secret_key: "s", action, payload });

function outcome(body: unknown): MapOutcome {
  const result = map(body, META);
  if (!result.ok) throw new Error(`map failed: ${result.error.message} ${JSON.stringify(result.error.issues)}`);
  return result.value;
}

function eventOf(body: unknown): DomainEvent {
  const o = outcome(body);
  if (o.kind !== "event") throw new Error(`expected an event, got ignored: ${o.reason}`);
  return o.event;
}

const incomingEvent = (event: Json): Json =>
  envelope("incoming_event", { chat_id: "PJ0MRSHTDG", thread_id: "K600PKZON8", event });

describe.skipIf(!SHARED_DIR)("livechat map: schema failures are errors with issues, never throws", () => {
  it.each([
    ["v3.6/incoming_chat.json", "the docs' placeholder thread {} has no id"],
    ["v3.6/incoming_event.json", "the docs' placeholder event {} has no type"],
    ["v3.6/user_added_to_chat.json", "the docs' placeholder user {} has no id"],
  ])("rejects %s (%s)", (file) => {
    const result = map(JSON.parse(readFileSync(join(SPECS, file), "utf8")), META);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.message).toMatch(/payload does not match/);
      expect(Array.isArray(result.error.issues) && result.error.issues.length > 0).toBe(true);
    }
  });

  it("rejects a body that is not an envelope", () => {
    for (const body of [null, "x", [], { action: "incoming_chat" }, { payload: {} }]) {
      expect(map(body, META).ok).toBe(false);
    }
  });

  it("rejects an unknown routing status and a message without text", () => {
    expect(map(envelope("routing_status_set", { agent_id: "a@b.c", status: "busy" }), META).ok).toBe(false);
    const noText = { id: "K600PKZON8_9", type: "message", author_id: "a@b.c", created_at: "2020-01-01T00:00:00Z" };
    expect(map(incomingEvent(noText), META).ok).toBe(false);
  });
});

describe("livechat map: routing status spellings", () => {
  it.each([
    ["accepting chats", "accepting_chats"],
    ["accepting_chats", "accepting_chats"],
    ["Not Accepting Chats", "not_accepting_chats"],
    ["not-accepting-chats", "not_accepting_chats"],
    [" offline ", "offline"],
  ])("%j → %s", (status, expected) => {
    const event = eventOf(envelope("routing_status_set", { agent_id: "smith@example.com", status }));
    expect(event).toMatchObject({
      type: "agent.routing_status_changed",
      agentId: "smith@example.com",
      status: expected,
    });
  });
});

describe("livechat map: authorship and message kinds", () => {
  it("classifies ids by their documented shapes when the event alone is known", () => {
    expect(authorTypeOf("smith@example.com")).toBe("agent");
    expect(authorTypeOf("5c9871d5372c824cbf22d860a707a578")).toBe("bot");
    expect(authorTypeOf("b7eff798-f8df-4364-8059-649c35c9ed0c")).toBe("customer");
    // chat.users beats the id's shape
    expect(authorTypeOf("odd-id", [{ id: "odd-id", type: "agent" }])).toBe("agent");
    expect(authorTypeOf("x@y.z", [{ id: "x@y.z", type: "customer" }])).toBe("customer");
  });

  it("maps a bot's message as a bot message", () => {
    const bot = { id: "K600PKZON8_4", type: "message", author_id: "5c9871d5372c824cbf22d860a707a578" };
    const event = eventOf(incomingEvent({ ...bot, created_at: "2020-01-01T00:00:00Z", text: "Hi, I am a bot" }));
    expect(event).toMatchObject({ type: "chat.message", message: { authorType: "bot", text: "Hi, I am a bot" } });
  });

  it("ignores deleted messages, custom events and v3.6 system events", () => {
    const base = { id: "K600PKZON8_5", author_id: "a@b.c", created_at: "2020-01-01T00:00:00Z" };
    for (const event of [
      { ...base, type: "message", deleted: true },
      { ...base, type: "custom", content: { any: "json" } },
      { id: "e1", type: "system", source: "cdp", subtype: "x", details: "{}", created_at: "2020-01-01T00:00:00Z" },
    ]) {
      expect(outcome(incomingEvent(event))).toMatchObject({ kind: "ignored" });
    }
  });

  it("ignores unknown actions with a reason naming the action", () => {
    expect(outcome(envelope("thread_summary_set", { chat_id: "c" }))).toEqual({
      kind: "ignored",
      reason: "livechat action thread_summary_set is not consumed",
    });
  });
});

describe("livechat map: chat.started details", () => {
  it("takes the customer's identity from the pre-chat form when the user object has none", () => {
    const body = fixture("incoming_chat");
    const chat = (body.payload as { chat: Chat }).chat;
    const customer = chat.users.find((user) => user.type === "customer");
    if (!customer) throw new Error("fixture has no customer");
    for (const key of ["name", "email", "phone_number", "session_fields"]) delete customer[key];
    chat.thread.events.unshift({
      id: "K600PKZON8_1",
      type: "filled_form",
      author_id: customer.id,
      created_at: "2020-05-07T07:11:28.288340Z",
      fields: [
        { type: "name", id: "1", label: "Name", answer: "Anon Visitor" },
        { type: "email", id: "2", label: "Email", answer: "anon@example.com" },
      ],
    });
    expect(eventOf(body)).toMatchObject({
      type: "chat.started",
      customer: { platformId: customer.id, name: "Anon Visitor", email: "anon@example.com" },
    });
  });

  it("lists only present human agents", () => {
    const body = fixture("incoming_chat");
    const chat = (body.payload as { chat: Chat }).chat;
    chat.users.push({ id: "gone@example.com", type: "agent", present: false });
    chat.users.push({ id: "5c9871d5372c824cbf22d860a707a578", type: "agent", present: true });
    expect(eventOf(body)).toMatchObject({ agentIds: ["smith@example.com"] });
  });
});

describe("livechat map: assignments", () => {
  const added = (user: Json, userType?: string): Json =>
    envelope("user_added_to_chat", { chat_id: "PJ0MRSHTDG", thread_id: "K600PKZON8", user, user_type: userType });

  it("treats an added agent as assigned, but not a supervisor or a bot", () => {
    expect(eventOf(added({ id: "jones@example.com", type: "agent" }))).toMatchObject({
      type: "chat.assigned",
      agentIds: ["jones@example.com"],
    });
    const supervisor = { id: "boss@example.com", type: "agent", visibility: "agents" };
    expect(outcome(added(supervisor, "agent"))).toMatchObject({ kind: "ignored" });
    const bot = { id: "5c9871d5372c824cbf22d860a707a578", type: "agent" };
    expect(outcome(added(bot, "agent"))).toMatchObject({ kind: "ignored" });
  });
});
