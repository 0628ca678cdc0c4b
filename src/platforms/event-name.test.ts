import { describe, expect, it } from "vitest";
import { platforms } from "./registry.ts";

/** The platform's own name for a stored body, shown in the webhook log whatever the hub made of it. */
describe("eventName", () => {
  it.each([
    ["chatwoot", { event: "conversation_updated", id: 5 }, "conversation_updated"],
    ["chatwoot", { id: 5 }, null],
    ["livechat", { action: "incoming_chat", payload: {} }, "incoming_chat"],
    ["livechat", "not json", null],
    [
      "ringcentral",
      { uuid: "u", event: "/restapi/v1.0/account/~/extension/101/telephony/sessions?x=1" },
      "telephony/sessions",
    ],
    ["ringcentral", { uuid: "u", event: "/restapi/v1.0/account/~/extension/62264425004/presence" }, "presence"],
    ["ringcentral", { uuid: "u", event: "/restapi/v1.0/account/37439510/presence/dnd" }, "presence/dnd"],
    ["ringcentral", { uuid: "u", event: "/team-messaging/v1/posts" }, "/team-messaging/v1/posts"],
    ["ringcentral", { uuid: "u", event: "/restapi/v1.0/subscription/~?threshold=60" }, "subscription/~"],
  ] as const)("%s %j → %s", (platform, body, name) => {
    expect(platforms[platform].eventName(body)).toBe(name);
  });
});
