import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { MapOutcome } from "../../domain/events.ts";
import { chatwootPlatform } from "./index.ts";

const FIXTURES = join(import.meta.dirname, "../../../test/fixtures/chatwoot");
const META = { receivedAt: "2026-06-17T12:00:00.000Z", headers: {} };
const JANE = { platformId: "42", name: "Jane Doe", email: "jane@example.com", phone: "+14155550123" };

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), "utf8")) as Record<string, unknown>;

/** Every fixture file must appear here: adding a fixture without an expectation fails the suite. */
const EXPECTED: Record<string, MapOutcome> = {
  message_created_incoming: {
    kind: "event",
    event: {
      type: "chat.message",
      platform: "chatwoot",
      chatId: "123",
      message: {
        id: "9001",
        authorId: "42",
        authorType: "customer",
        text: "Hi, where is my order #5521?",
        at: "2026-06-17T10:15:23.456Z",
        private: false,
      },
    },
  },
  message_created_outgoing_agent_bot: {
    kind: "event",
    event: {
      type: "chat.message",
      platform: "chatwoot",
      chatId: "123",
      message: {
        id: "9002",
        authorId: "2",
        authorType: "bot",
        text: "Your order #5521 shipped yesterday. Anything else?",
        at: "2026-06-17T10:15:30.207Z",
        private: false,
      },
    },
  },
  message_created_outgoing_user: {
    kind: "event",
    event: {
      type: "chat.message",
      platform: "chatwoot",
      chatId: "123",
      message: {
        id: "9010",
        authorId: "3",
        authorType: "agent",
        text: "Hi Jane, Sam here - I have taken over.",
        at: "2026-06-17T10:16:40.888Z",
        private: false,
      },
    },
  },
  message_created_private_note: {
    kind: "event",
    event: {
      type: "chat.message",
      platform: "chatwoot",
      chatId: "123",
      message: {
        id: "9011",
        authorId: "3",
        authorType: "agent",
        text: "Customer is a VIP - refund approved by Lee.",
        at: "2026-06-17T10:17:05.120Z",
        private: true,
      },
    },
  },
  conversation_created: {
    kind: "event",
    event: {
      type: "chat.started",
      platform: "chatwoot",
      chatId: "123",
      agentIds: [],
      customer: JANE,
      messages: [],
      at: "2026-06-17T10:15:20.000Z",
    },
  },
  conversation_created_assigned_with_message: {
    kind: "event",
    event: {
      type: "chat.started",
      platform: "chatwoot",
      chatId: "124",
      agentIds: ["3"],
      customer: JANE,
      messages: [
        {
          id: "9020",
          authorId: "42",
          authorType: "customer",
          text: "I would like to change my delivery address.",
          at: "2026-06-17T10:18:20.000Z",
          private: false,
        },
      ],
      at: "2026-06-17T10:18:20.000Z",
    },
  },
  conversation_status_changed: {
    kind: "event",
    event: {
      type: "conversation.status_changed",
      platform: "chatwoot",
      chatId: "123",
      status: "open",
      at: "2026-06-17T10:16:00.447Z",
    },
  },
  conversation_status_changed_resolved: {
    kind: "event",
    event: { type: "chat.ended", platform: "chatwoot", chatId: "123", at: "2026-06-17T10:26:40.123Z" },
  },
  conversation_resolved_agent_bot: {
    kind: "event",
    event: { type: "chat.ended", platform: "chatwoot", chatId: "123", at: "2026-06-17T10:26:40.123Z" },
  },
  conversation_opened_agent_bot: {
    kind: "event",
    event: {
      type: "conversation.status_changed",
      platform: "chatwoot",
      chatId: "123",
      status: "open",
      at: "2026-06-17T10:16:00.447Z",
    },
  },
  conversation_updated_assignee: {
    kind: "event",
    event: {
      type: "chat.assigned",
      platform: "chatwoot",
      chatId: "123",
      agentIds: ["3"],
      at: "2026-06-17T10:16:01.009Z",
    },
  },
  conversation_updated_status: {
    kind: "ignored",
    reason: "conversation_updated: no assignee change (status)",
  },
  contact_created: {
    kind: "event",
    event: {
      type: "customer.updated",
      platform: "chatwoot",
      customer: JANE,
      at: META.receivedAt,
    },
  },
  contact_updated: {
    kind: "event",
    event: {
      type: "customer.updated",
      platform: "chatwoot",
      customer: { ...JANE, phone: "+14155550199" },
      at: "2026-06-17T11:02:10.514Z",
    },
  },
  message_updated: { kind: "ignored", reason: "message_updated: not acted on" },
  conversation_typing_on: { kind: "ignored", reason: "conversation_typing_on: not acted on" },
  conversation_typing_off: { kind: "ignored", reason: "conversation_typing_off: not acted on" },
  webwidget_triggered: { kind: "ignored", reason: "webwidget_triggered: not acted on" },
};

describe("chatwoot map: every fixture", () => {
  const files = readdirSync(FIXTURES)
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -5));

  it("has an expectation for every fixture file and a fixture for every expectation", () => {
    expect(files.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const name of files) {
    it(`maps ${name}`, () => {
      expect(chatwootPlatform.map(fixture(name), META)).toEqual({ ok: true, value: EXPECTED[name] });
    });
  }
});
