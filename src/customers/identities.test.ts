import { describe, expect, it } from "vitest";
import { describeRef, normaliseEmail, normalisePhone } from "./identities.ts";
import { conversationKeys } from "./ownership.ts";

const ctx = {
  connectionId: "con_1",
  platform: "livechat",
  region: "US" as const,
  verifiedEmailPlatforms: ["chatwoot"],
};

describe("customer identities", () => {
  it("lower-cases emails and drops what is not one", () => {
    expect(normaliseEmail("  Jane.Doe@Example.COM ")).toBe("jane.doe@example.com");
    expect(normaliseEmail("not an email")).toBeUndefined();
  });

  it("writes phones as E.164 using the default region", () => {
    expect(normalisePhone("(415) 555-0101", "US")).toBe("+14155550101");
    expect(normalisePhone("020 7946 0018", "GB")).toBe("+442079460018");
    expect(normalisePhone("+44 20 7946 0018", "US")).toBe("+442079460018");
    expect(normalisePhone("12345", "US")).toBeUndefined();
  });

  it("describes a platform customer: platform id scoped to its connection, email verified per platform", () => {
    const d = describeRef({ platformId: "u-1", name: " Jane ", email: "JANE@x.io", phone: "415 555 0101" }, ctx);
    expect(d.name).toBe("Jane");
    expect(d.identities).toEqual([
      { kind: "platform", value: "u-1", scope: "con_1", platform: "livechat", verified: true },
      { kind: "email", value: "jane@x.io", scope: "", verified: false },
      { kind: "phone", value: "+14155550101", scope: "", verified: false },
    ]);
    const chatwoot = describeRef({ platformId: 42, email: "jane@x.io" }, { ...ctx, platform: "chatwoot" });
    expect(chatwoot.identities.find((i) => i.kind === "email")?.verified).toBe(true);
    expect(chatwoot.identities[0]?.value).toBe("42");
  });

  it("reads a custom id and an explicit email verification when a mapper sends them", () => {
    const d = describeRef({ customId: "crm-9", email: "a@x.io", emailVerified: true }, ctx);
    expect(d.identities).toEqual([
      { kind: "custom", value: "crm-9", scope: "", verified: true },
      { kind: "email", value: "a@x.io", scope: "", verified: true },
    ]);
  });

  it("names a conversation's identities strongest first (calls by their number only)", () => {
    const chat = {
      id: "c",
      connectionId: "con_1",
      channel: "chat",
      customer: { platformId: "u-1", email: "A@x.io", phone: "4155550101" },
    };
    expect(conversationKeys(chat, "US")).toEqual(["platform:con_1:u-1", "email::a@x.io", "phone::+14155550101"]);
    expect(conversationKeys({ ...chat, channel: "call" }, "US")).toEqual(["phone::+14155550101"]);
  });
});
