import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DomainEvent, MapOutcome } from "../../domain/events.ts";
import { map } from "./map.ts";

const FIXTURES = join(import.meta.dirname, "../../../test/fixtures/chatwoot");
const META = { receivedAt: "2026-06-17T12:00:00.000Z", headers: {} };

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), "utf8")) as Record<string, unknown>;

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

describe("chatwoot map: variants and edge cases", () => {
  it("maps an unassignment (assignee_id → null) to chat.assigned with no agents", () => {
    const body = fixture("conversation_updated_assignee");
    body.changed_attributes = [{ assignee_id: { previous_value: 3, current_value: null } }];
    expect(eventOf(body)).toMatchObject({ type: "chat.assigned", chatId: "123", agentIds: [] });
  });

  it("accepts changed_attributes as a plain object as well as the documented array", () => {
    const body = fixture("conversation_updated_assignee");
    body.changed_attributes = { assignee_id: { previous_value: null, current_value: 5 } };
    expect(eventOf(body)).toMatchObject({ type: "chat.assigned", agentIds: ["5"] });
  });

  it("ignores an agent-bot conversation_updated without changed_attributes (bots before v4.13.0)", () => {
    const body = fixture("conversation_updated_assignee");
    delete body.changed_attributes;
    expect(outcome(body)).toEqual({ kind: "ignored", reason: "conversation_updated: no changed_attributes" });
  });

  it("accepts conversation payloads without the top-level account (before v4.14.2)", () => {
    const body = fixture("conversation_created");
    delete body.account;
    expect(eventOf(body)).toMatchObject({ type: "chat.started", chatId: "123" });
  });

  it("does not count an agent bot assignee as an agent", () => {
    const body = fixture("conversation_created");
    body.meta = {
      ...(body.meta as object),
      assignee: { id: 2, name: "AI Assistant", type: "agent_bot" },
      assignee_type: "AgentBot",
    };
    expect(eventOf(body)).toMatchObject({ type: "chat.started", agentIds: [] });
  });

  it("maps pending/snoozed status changes to conversation.status_changed", () => {
    for (const status of ["pending", "snoozed"] as const) {
      const body = { ...fixture("conversation_status_changed"), status };
      expect(eventOf(body)).toMatchObject({ type: "conversation.status_changed", status });
    }
  });

  it("maps template messages and sender-less outgoing messages to system authors", () => {
    const template = { ...fixture("message_created_outgoing_user"), message_type: "template", sender: null };
    expect(eventOf(template)).toMatchObject({ message: { authorType: "system", authorId: "" } });
    const automation = { ...fixture("message_created_outgoing_user"), sender: null };
    expect(eventOf(automation)).toMatchObject({ message: { authorType: "system" } });
  });

  it("treats Captain assistant replies as bot messages", () => {
    const body = {
      ...fixture("message_created_outgoing_agent_bot"),
      sender: { id: 8, name: "Captain", type: "captain_assistant" },
    };
    expect(eventOf(body)).toMatchObject({ message: { authorType: "bot", authorId: "8" } });
  });

  it("accepts integer message_type and string ids", () => {
    const body = { ...fixture("message_created_incoming"), message_type: 0, id: "9001" };
    expect(eventOf(body)).toMatchObject({ message: { id: "9001", authorType: "customer" } });
  });

  it("uses receivedAt when a message has no usable created_at", () => {
    const body = { ...fixture("message_created_incoming"), created_at: "not a date" };
    expect(eventOf(body)).toMatchObject({ message: { at: META.receivedAt } });
  });

  it("falls back to the conversation contact as author of an incoming message without sender", () => {
    const body = { ...fixture("message_created_incoming"), sender: null };
    expect(eventOf(body)).toMatchObject({ message: { authorType: "customer", authorId: "42" } });
  });

  it("leaves empty contact fields out of the customer", () => {
    const body = { ...fixture("contact_created"), name: "", email: null, phone_number: null };
    expect(eventOf(body)).toMatchObject({ customer: { platformId: "42" } });
    expect(eventOf(body)).not.toHaveProperty("customer.email");
  });

  it("ignores unknown events instead of failing", () => {
    expect(outcome({ event: "conversation_priority_changed", id: 1 })).toEqual({
      kind: "ignored",
      reason: "conversation_priority_changed: unhandled event",
    });
  });

  it("returns a schema error with issues for a payload it must act on but cannot read", () => {
    const noStatus = fixture("conversation_status_changed");
    delete noStatus.status;
    const result = map(noStatus, META);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.message).toBe("invalid conversation_status_changed payload");
      expect(JSON.stringify(result.error.issues)).toContain("status");
    }
    expect(map({ ...fixture("message_created_incoming"), conversation: null }, META).ok).toBe(false);
    expect(map({ ...fixture("contact_updated"), id: null }, META).ok).toBe(false);
    expect(map({ ...fixture("conversation_status_changed"), status: "closed" }, META).ok).toBe(false);
  });

  it("returns a schema error for a body that is not an envelope", () => {
    for (const body of [null, [], "x", { id: 1 }]) expect(map(body, META).ok).toBe(false);
  });

  it("never throws, whatever JSON it is given", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (body) => {
        map(body, META);
      }),
    );
    fc.assert(
      fc.property(
        fc.constantFrom("message_created", "conversation_updated", "contact_updated"),
        fc.jsonValue(),
        (event, extra) => {
          map({ ...fixture("conversation_updated_assignee"), event, changed_attributes: extra, sender: extra }, META);
        },
      ),
    );
  });
});
