import { describe, expect, it } from "vitest";
import { contactsOf, entryConversationId, timelineItems } from "./customer-view.ts";
import { timelineSchema } from "./types.ts";

describe("contactsOf", () => {
  it("merges emails and phones from fields and identities without duplicates", () => {
    const contacts = contactsOf({
      id: "cus_1",
      email: "jane@example.com",
      emails: ["jane@example.com"],
      identities: [
        { kind: "phone", value: "+14155550101" },
        { type: "email", value: "j.cooper@example.com" },
        { kind: "platform", platform: "livechat", value: "lc-123" },
        { kind: "custom", value: "crm-9" },
      ],
    });
    expect(contacts.emails).toEqual(["jane@example.com", "j.cooper@example.com"]);
    expect(contacts.phones).toEqual(["+14155550101"]);
    expect(contacts.others).toEqual([
      { label: "LiveChat id", value: "lc-123" },
      { label: "Custom id", value: "crm-9" },
    ]);
  });
});

describe("timeline (shape UNCONFIRMED)", () => {
  it("accepts items, entries, timeline or a bare list, and orders newest first", () => {
    const entries = [
      { id: "a", kind: "chat", at: "2026-11-21T08:00:00Z" },
      { id: "b", kind: "call", startedAt: "2026-11-21T09:00:00Z" },
    ];
    for (const body of [{ items: entries }, { entries }, { timeline: entries }, entries]) {
      const parsed = timelineSchema.parse(body);
      expect(timelineItems(parsed.items).map((i) => [i.key, i.kind])).toEqual([
        ["b", "call"],
        ["a", "chat"],
      ]);
    }
  });

  it("finds the conversation behind an entry", () => {
    expect(entryConversationId({ conversationId: "cnv_9" })).toBe("cnv_9");
    expect(entryConversationId({ id: "cnv_7" })).toBe("cnv_7");
    expect(entryConversationId({ conversation: { id: "cnv_5", platform: "", channel: "", status: "" } })).toBe("cnv_5");
    expect(entryConversationId({ id: "evt_1" })).toBeNull();
  });
});
