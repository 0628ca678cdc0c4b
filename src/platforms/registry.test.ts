import { describe, expect, it } from "vitest";
import { commandPayloadSchema, TARGET_STATE_KINDS } from "../commands/kinds.ts";
import type { PlatformTargets } from "../domain/availability/index.ts";
import { PLATFORMS, type PlatformId } from "../domain/platform.ts";
import { commandOwners, isOwnedBy } from "./command-owners.ts";
import { platforms } from "./registry.ts";

describe("platform registry", () => {
  it.each(PLATFORMS)("holds %s under its own id", (id) => {
    expect(platforms[id].id).toBe(id);
  });

  it.each(Object.entries(commandOwners))("gives %s to the module its name starts with (%s)", (kind, owner) => {
    expect(kind.split(".")[0]).toBe(owner);
  });

  const targets: PlatformTargets = {
    livechat: { routingStatus: "accepting_chats" },
    chatwoot: { availability: "busy" },
    ringcentral: { userStatus: "Available", dndStatus: "TakeAllCalls" },
  };
  const commandFor = <P extends PlatformId>(id: P, externalId: string) =>
    platforms[id].availabilityCommand(externalId, targets[id]);

  it.each(PLATFORMS)("%s builds an availability command that it owns and that parses", (id) => {
    const payload = commandPayloadSchema.parse(commandFor(id, "user-1"));
    expect(isOwnedBy(id, payload)).toBe(true);
    expect(TARGET_STATE_KINDS).toContain(payload.kind);
    expect(JSON.stringify(payload)).toContain("user-1");
  });

  it("has one availability command kind per platform, and no other target-state kind", () => {
    const kinds = PLATFORMS.map((id) => commandFor(id, "x").kind);
    expect([...kinds].sort()).toEqual([...TARGET_STATE_KINDS].sort());
  });

  it.each(PLATFORMS)("%s declares credentials and settings schemas that reject an empty object", (id) => {
    const { credentials, settings } = platforms[id].config;
    expect(credentials.safeParse({}).success).toBe(false);
    expect(settings.safeParse({}).success).toBe(id === "ringcentral");
  });
});

describe("noting a call on a chat", () => {
  it.each([
    ["livechat", { externalId: "chat-1", customerPlatformId: "cust-1" }, "livechat.note_call"],
    ["livechat", { externalId: "chat-1" }, null],
    ["chatwoot", { externalId: "42", customerPlatformId: "7" }, "chatwoot.note_call"],
    ["chatwoot", { externalId: "42" }, "chatwoot.note_call"],
    ["ringcentral", { externalId: "s-1", customerPlatformId: "c-1" }, null],
  ] as const)("%s with %j → %s", (id, chat, kind) => {
    const payload = platforms[id].noteCallCommand(chat, "Call from +1 555");
    expect(payload?.kind ?? null).toBe(kind);
    if (payload) expect(commandPayloadSchema.parse(payload)).toEqual(payload);
  });
});
