import { describe, expect, it } from "vitest";
import { agent, call, chatEnded, ctxAt, presence, routing } from "../../../test/helpers/availability/kit.ts";
import { applyEvent } from "./apply.ts";
import { DEFAULT_POLICY } from "./policy.ts";
import { actualsSchema, agentStateSchema, commandSpecSchema, resolvePolicy } from "./schemas.ts";

describe("boundary schemas", () => {
  it("agent state and actuals survive a JSON round trip through the database", () => {
    let state = agent({ chats: [["builtin", "b1"]] });
    let actuals = {};
    for (const e of [
      call("s1", "Answered", 2, 1),
      chatEnded("livechat", "c1", 2),
      routing("not_accepting_chats", 3),
      presence(4, { userStatus: "Busy", sequence: 9 }),
    ]) {
      const r = applyEvent(state, actuals, e, ctxAt(5));
      state = r.state;
      actuals = r.actuals;
    }
    expect(agentStateSchema.parse(JSON.parse(JSON.stringify(state)))).toEqual(state);
    expect(actualsSchema.parse(JSON.parse(JSON.stringify(actuals)))).toEqual(actuals);
  });

  it("rejects what the engine could not use", () => {
    expect(agentStateSchema.safeParse({ ...agent(), capacity: -1 }).success).toBe(false);
    expect(
      agentStateSchema.safeParse({ ...agent(), intent: { status: "busy", source: "default", at: "x" } }).success,
    ).toBe(false);
    const half = {
      platform: "ringcentral",
      kind: "ringcentral.set_presence",
      target: { userStatus: "Busy" },
      idempotencyKey: "k",
    };
    expect(commandSpecSchema.safeParse(half).success).toBe(false);
    const toggle = {
      platform: "livechat",
      kind: "livechat.set_routing_status",
      target: { routingStatus: "toggle" },
      idempotencyKey: "k",
    };
    expect(commandSpecSchema.safeParse(toggle).success).toBe(false);
  });

  it("policy: defaults fill what settings leave out", () => {
    expect(resolvePolicy(undefined)).toEqual(DEFAULT_POLICY);
    expect(resolvePolicy({ phoneBusyWhen: "chats_at_capacity" })).toEqual({
      ...DEFAULT_POLICY,
      phoneBusyWhen: "chats_at_capacity",
    });
    expect(() => resolvePolicy({ pauseChatsWhileRinging: "yes" })).toThrow();
  });
});
