import { describe, expect, it } from "vitest";
import { livechatInbound } from "./livechat-inbound.ts";

const BOT = "5c9871d5372c824cbf22d860a707a578";
const CUSTOMER = "b7eff798-f8df-4364-8059-649c35c9ed0c";
const AGENT = "smith@example.com";

const incoming = (event: Record<string, unknown>, present?: string[]) => ({
  webhook_id: "w",
  action: "incoming_event",
  organization_id: "o",
  payload: { chat_id: "PJ0MRSHTDG", thread_id: "K600PKZON8", event: { id: "K600PKZON8_1", type: "message", ...event } },
  additional_data: present ? { chat_presence_user_ids: present } : {},
});

describe("LiveChat bot webhook: who wrote what", () => {
  const cases: Array<[string, unknown, Record<string, unknown>]> = [
    [
      "a customer's message",
      incoming({ author_id: CUSTOMER, text: "Hi", visibility: "all" }, [CUSTOMER, BOT]),
      {
        kind: "message",
        contactKey: `livechat:customer:${CUSTOMER}`,
        platformOwner: null,
        message: expect.objectContaining({ author: "customer", direction: "incoming", botMarker: null }),
      },
    ],
    [
      "the bot's own event, marked",
      incoming({ author_id: BOT, text: "Answer", custom_id: "switchboard_bot:bau_1" }),
      { message: expect.objectContaining({ author: "bot", botMarker: "bau_1" }) },
    ],
    [
      "another bot",
      incoming({ author_id: "0".repeat(32), text: "x" }),
      { message: expect.objectContaining({ author: "bot", botMarker: null }) },
    ],
    [
      "a human agent",
      incoming({ author_id: AGENT, text: "x" }),
      { message: expect.objectContaining({ author: "human", direction: "outgoing" }) },
    ],
    [
      "an internal note",
      incoming({ author_id: AGENT, text: "x", visibility: "agents" }),
      { message: expect.objectContaining({ private: true }) },
    ],
    [
      "a system message",
      incoming({ type: "system_message", text: "Chat transferred" }),
      { message: expect.objectContaining({ author: "system", activity: true }) },
    ],
    [
      "a customer's message in a chat without the bot",
      incoming({ author_id: CUSTOMER, text: "Hi" }, [CUSTOMER, AGENT]),
      { platformOwner: "human" },
    ],
    [
      "a transfer to people",
      {
        action: "chat_transferred",
        payload: { chat_id: "C1", transferred_to: { group_ids: [2], agent_ids: [AGENT] } },
      },
      { kind: "status", conversationId: "C1", owner: "human" },
    ],
    [
      "a transfer to a bot",
      { action: "chat_transferred", payload: { chat_id: "C1", transferred_to: { agent_ids: [BOT] } } },
      { kind: "ignored" },
    ],
    [
      "a chat started with a question",
      {
        action: "incoming_chat",
        payload: {
          chat: {
            id: "C2",
            users: [
              { id: CUSTOMER, present: true },
              { id: BOT, present: true },
            ],
            thread: { id: "T", events: [{ id: "T_1", type: "message", author_id: CUSTOMER, text: "Refunds?" }] },
          },
        },
      },
      {
        kind: "message",
        conversationId: "C2",
        messageId: "T_1",
        platformOwner: null,
        message: expect.objectContaining({ author: "customer", text: "Refunds?" }),
      },
    ],
    [
      "a chat started without a message",
      { action: "incoming_chat", payload: { chat: { id: "C3", thread: { events: [] } } } },
      { kind: "ignored" },
    ],
    ["a closed chat", { action: "chat_deactivated", payload: { chat_id: "C1" } }, { kind: "status", owner: "closed" }],
    ["anything else", { action: "user_added_to_chat", payload: {} }, { kind: "ignored" }],
  ];
  it.each(cases)("%s", (_name, body, expected) => {
    expect(livechatInbound.parse(body)).toMatchObject(expected);
  });

  it("verifies the secret_key and never keeps it", () => {
    const rawBody = Buffer.from(JSON.stringify({ ...incoming({ author_id: CUSTOMER, text: "Hi" }), secret_key: "s" }));
    const ok = livechatInbound.verify({ rawBody, headers: {}, credentials: { webhookSecret: "s" }, nowMs: 0 });
    expect(ok.ok && JSON.stringify(ok.body)).not.toContain("secret_key");
    expect(livechatInbound.verify({ rawBody, headers: {}, credentials: { webhookSecret: "t" }, nowMs: 0 }).ok).toBe(
      false,
    );
    expect(livechatInbound.verify({ rawBody, headers: {}, credentials: {}, nowMs: 0 }).ok).toBe(false);
  });
});
