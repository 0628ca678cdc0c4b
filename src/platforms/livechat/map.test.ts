import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ChatMessage, CustomerRef, MapOutcome } from "../../domain/events.ts";
import { livechatPlatform } from "./index.ts";
import { map } from "./map.ts";

const FIXTURES = join(import.meta.dirname, "../../../test/fixtures/livechat");
const SECRET = "fixture-secret-key";
const RECEIVED = "2026-06-17T12:00:00.000Z";
const META = { receivedAt: RECEIVED, headers: {} };

const CUSTOMER_ID = "b7eff798-f8df-4364-8059-649c35c9ed0c";
const EVENT_UUID = "0affb00a-82d6-4e07-ae61-56ba5c36f743";
const DOC_AT = "2017-10-12T15:19:21.010Z";
const THOMAS: CustomerRef = {
  platformId: CUSTOMER_ID,
  name: "Thomas Anderson",
  email: "t.anderson@example.com",
  phone: "+18008529001",
};

type Json = Record<string, unknown>;
const fixture = (name: string): Json => JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), "utf8")) as Json;

function outcome(body: unknown): MapOutcome {
  const result = map(body, META);
  if (!result.ok) throw new Error(`map failed: ${result.error.message} ${JSON.stringify(result.error.issues)}`);
  return result.value;
}

const message = (chatId: string, threadId: string, msg: ChatMessage): MapOutcome => ({
  kind: "event",
  event: { type: "chat.message", platform: "livechat", chatId, threadId, message: msg },
});
const ignored = expect.objectContaining({ kind: "ignored", reason: expect.any(String) }) as MapOutcome;

/** Every fixture file must appear here: adding a fixture without an expectation fails the suite. */
const EXPECTED: Record<string, MapOutcome> = {
  incoming_chat: {
    kind: "event",
    event: {
      type: "chat.started",
      platform: "livechat",
      chatId: "PJ0MRSHTDG",
      threadId: "K600PKZON8",
      agentIds: ["smith@example.com"],
      customer: THOMAS,
      messages: [
        { id: EVENT_UUID, authorId: CUSTOMER_ID, authorType: "customer", text: "Hello there", at: DOC_AT },
        { id: EVENT_UUID, authorId: CUSTOMER_ID, authorType: "customer", text: "Thank you", at: DOC_AT },
      ],
      at: "2020-05-07T07:11:28.288Z",
    },
  },
  "incoming_chat.legacy-license-id": {
    kind: "event",
    event: {
      type: "chat.started",
      platform: "livechat",
      chatId: "PS0X0L086G",
      threadId: "PZ070E0W1B",
      agentIds: ["l.wojciechowski@livechatinc.com"],
      customer: { platformId: "345f8235-d60d-433e-63c5-7f813a6ffe25", name: "test", email: "test@test.pl" },
      // The pre-chat filled_form is not a message; the agent's welcome message is.
      messages: [
        {
          id: "PZ070E0W1B_2",
          authorId: "l.wojciechowski@livechatinc.com",
          authorType: "agent",
          text: "Hello. How may I help you?",
          at: "2019-10-11T09:40:59.249Z",
        },
      ],
      at: "2020-05-07T07:11:28.288Z",
    },
  },
  "incoming_event.message_from_customer": message("PJ0MRSHTDG", "K600PKZON8", {
    id: EVENT_UUID,
    authorId: CUSTOMER_ID,
    authorType: "customer",
    text: "hello there",
    at: DOC_AT,
  }),
  "incoming_event.message_from_agent": message("PJ0MRSHTDG", "K600PKZON8", {
    id: "K600PKZON8_2",
    authorId: "smith@example.com",
    authorType: "agent",
    text: "Hi, how can I help?",
    at: DOC_AT,
  }),
  "incoming_event.system_message": message("PJ0MRSHTDG", "K600PKZON8", {
    id: EVENT_UUID,
    authorId: "system",
    authorType: "system",
    text: "Hello there!",
    at: DOC_AT,
  }),
  "incoming_event.file": message("PJ0MRSHTDG", "K600PKZON8", {
    id: EVENT_UUID,
    authorId: CUSTOMER_ID,
    authorType: "customer",
    text: "image25.png (https://example.com/image25.png)",
    at: DOC_AT,
  }),
  "incoming_event.rich_message": message("PJ0MRSHTDG", "K600PKZON8", {
    id: EVENT_UUID,
    authorId: CUSTOMER_ID,
    authorType: "customer",
    text: "Lorem ipsum dolor.\nLorem ipsum dolor sit amet, consectetur adipiscing elit.\n[yes] [no] [value]",
    at: DOC_AT,
  }),
  "incoming_event.internal_note": message("PJ0MRSHTDG", "K600PKZON8", {
    id: "K600PKZON8_3",
    authorId: "smith@example.com",
    authorType: "agent",
    text: "Customer is a VIP, be nice",
    at: DOC_AT,
    private: true,
  }),
  "incoming_event.legacy-license-id": message("PS0X0L086G", "PZ070E0W1B", {
    id: "PZ070E0W1B_3",
    authorId: "345f8235-d60d-433e-63c5-7f813a6ffe25",
    authorType: "customer",
    text: "14",
    at: "2019-10-11T09:41:00.877Z",
  }),
  "incoming_event.filled_form": ignored,
  chat_deactivated: {
    kind: "event",
    event: { type: "chat.ended", platform: "livechat", chatId: "PJ0MRSHTDG", threadId: "K600PKZON8", at: RECEIVED },
  },
  "chat_deactivated.by_router": {
    kind: "event",
    event: { type: "chat.ended", platform: "livechat", chatId: "PJ0MRSHTDG", threadId: "K600PKZON9", at: RECEIVED },
  },
  routing_status_set: {
    kind: "event",
    event: {
      type: "agent.routing_status_changed",
      platform: "livechat",
      agentId: "agent1@example.com",
      status: "accepting_chats",
      at: RECEIVED,
    },
  },
  "routing_status_set.v3.5-underscore": {
    kind: "event",
    event: {
      type: "agent.routing_status_changed",
      platform: "livechat",
      agentId: "jones@example.com",
      status: "not_accepting_chats",
      at: RECEIVED,
    },
  },
  "routing_status_set.bot-offline": {
    kind: "event",
    event: {
      type: "agent.routing_status_changed",
      platform: "livechat",
      agentId: "5c9871d5372c824cbf22d860a707a578",
      status: "offline",
      at: RECEIVED,
    },
  },
  chat_transferred: {
    kind: "event",
    event: {
      type: "chat.assigned",
      platform: "livechat",
      chatId: "PJ0MRSHTDG",
      agentIds: ["smith@example.com"],
      at: RECEIVED,
    },
  },
  "chat_transferred.v3.5": {
    kind: "event",
    event: {
      type: "chat.assigned",
      platform: "livechat",
      chatId: "PJ0MRSHTDG",
      agentIds: ["smith@example.com"],
      at: RECEIVED,
    },
  },
  "chat_transferred.to-group": ignored,
  "user_added_to_chat.agent": {
    kind: "event",
    event: {
      type: "chat.assigned",
      platform: "livechat",
      chatId: "PJ0MRSHTDG",
      agentIds: ["jones@example.com"],
      at: RECEIVED,
    },
  },
  "user_added_to_chat.customer": ignored,
  customer_session_fields_updated: {
    kind: "event",
    event: {
      type: "customer.updated",
      platform: "livechat",
      customer: { platformId: "5280e68c-9692-4212-4ba9-85f7d8af55cd" },
      at: RECEIVED,
    },
  },
  "customer_session_fields_updated.contact-fields": {
    kind: "event",
    event: {
      type: "customer.updated",
      platform: "livechat",
      customer: {
        platformId: "5280e68c-9692-4212-4ba9-85f7d8af55cd",
        email: "t.anderson@example.com",
        phone: "+18008529001",
      },
      at: RECEIVED,
    },
  },
  "incoming_customer.v3.5-flat": {
    kind: "event",
    event: {
      type: "customer.updated",
      platform: "livechat",
      customer: { platformId: "baf3cf72-4768-42e4-6140-26dd36c962cc", email: "customer1@example.com" },
      at: RECEIVED,
    },
  },
  "incoming_customer.v3.5-nested": {
    kind: "event",
    event: {
      type: "customer.updated",
      platform: "livechat",
      customer: { platformId: CUSTOMER_ID, name: "Thomas Anderson", email: "t.anderson@example.com" },
      at: RECEIVED,
    },
  },
  thread_tagged: ignored,
  agent_deleted: ignored,
};

describe("livechat map: every fixture", () => {
  const names = readdirSync(FIXTURES)
    .filter((file) => file.endsWith(".json"))
    .map((file) => file.slice(0, -".json".length));

  it("has an expectation for each fixture file and a fixture for each expectation", () => {
    expect(names.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const name of names) {
    it(`maps ${name}`, () => {
      expect(outcome(fixture(name))).toEqual(EXPECTED[name]);
    });

    it(`maps ${name} identically after verify() stripped the secret`, () => {
      const raw = readFileSync(join(FIXTURES, `${name}.json`));
      const verified = livechatPlatform.verify({ rawBody: raw, headers: {}, secret: SECRET, nowMs: 0, maxSkewMs: 0 });
      if (!verified.ok) throw new Error(`verify rejected ${name}: ${verified.reason}`);
      expect(verified.body).not.toHaveProperty("secret_key");
      expect(livechatPlatform.map(verified.body, META)).toEqual(map(fixture(name), META));
    });
  }
});
