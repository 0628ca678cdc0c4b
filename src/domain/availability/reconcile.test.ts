import { describe, expect, it } from "vitest";
import { t } from "../../../test/helpers/availability/kit.ts";
import { recordCommandResult } from "./observations.ts";
import { reconcile } from "./reconcile.ts";
import { canonicalDesired, satisfies } from "./satisfies.ts";
import { actualsSchema, commandSpecSchema } from "./schemas.ts";
import type { Actuals, Desired } from "./types.ts";

const BUSY = { userStatus: "Busy", dndStatus: "DoNotAcceptDepartmentCalls" } as const;
const AVAILABLE = { userStatus: "Available", dndStatus: "TakeAllCalls" } as const;

/** Built through the boundary schema, as the lead will load it from the database. */
const actual = (state: Partial<{ lc: string; cw: string; rc: { userStatus?: string; dndStatus?: string } }>): Actuals =>
  actualsSchema.parse({
    livechat: state.lc ? { state: { routingStatus: state.lc }, at: t(0), source: "webhook" } : undefined,
    chatwoot: state.cw ? { state: { availability: state.cw }, at: t(0), source: "poll" } : undefined,
    ringcentral: state.rc ? { state: state.rc, at: t(0), source: "webhook" } : undefined,
  });

const rows: Array<{ name: string; desired: Desired; actual: Actuals; want: string[] }> = [
  {
    name: "everything already right: no command",
    desired: {
      livechat: { routingStatus: "accepting_chats" },
      chatwoot: { availability: "online" },
      ringcentral: AVAILABLE,
    },
    actual: actual({ lc: "accepting_chats", cw: "online", rc: AVAILABLE }),
    want: [],
  },
  {
    name: "LiveChat offline satisfies not_accepting_chats (agents cannot be set offline)",
    desired: { livechat: { routingStatus: "not_accepting_chats" } },
    actual: actual({ lc: "offline" }),
    want: [],
  },
  {
    name: "LiveChat offline does not satisfy accepting_chats",
    desired: { livechat: { routingStatus: "accepting_chats" } },
    actual: actual({ lc: "offline" }),
    want: ["livechat.set_routing_status routingStatus=accepting_chats"],
  },
  {
    name: "call started: chat platforms paused",
    desired: {
      livechat: { routingStatus: "not_accepting_chats" },
      chatwoot: { availability: "busy" },
      ringcentral: AVAILABLE,
    },
    actual: actual({ lc: "accepting_chats", cw: "online", rc: AVAILABLE }),
    want: [
      "livechat.set_routing_status routingStatus=not_accepting_chats",
      "chatwoot.set_availability availability=busy",
    ],
  },
  {
    name: "chat started: phone busy with the whole presence (both halves)",
    desired: { ringcentral: BUSY },
    actual: actual({ rc: { userStatus: "Busy", dndStatus: "TakeAllCalls" } }),
    want: ["ringcentral.set_presence dndStatus=DoNotAcceptDepartmentCalls,userStatus=Busy"],
  },
  {
    name: "a half-known RingCentral presence never satisfies",
    desired: { ringcentral: BUSY },
    actual: actual({ rc: { dndStatus: "DoNotAcceptDepartmentCalls" } }),
    want: ["ringcentral.set_presence dndStatus=DoNotAcceptDepartmentCalls,userStatus=Busy"],
  },
  {
    name: "unknown actual: command (a target-state command is always safe)",
    desired: { chatwoot: { availability: "offline" } },
    actual: {},
    want: ["chatwoot.set_availability availability=offline"],
  },
  {
    name: "platforms without a desired state are left alone",
    desired: {},
    actual: actual({ lc: "accepting_chats" }),
    want: [],
  },
];

describe("reconcile()", () => {
  it.each(rows)("$name", ({ desired, actual: a, want }) => {
    const commands = reconcile({ agentId: "agt_a", desired, actual: a, revision: 1 });
    expect(
      commands.map(
        (c) =>
          `${c.kind} ${Object.entries(c.target)
            .sort()
            .map(([k, v]) => `${k}=${v}`)
            .join(",")}`,
      ),
    ).toEqual(want);
    for (const c of commands) expect(commandSpecSchema.parse(c)).toEqual(c);
  });

  const desired: Desired = { livechat: { routingStatus: "not_accepting_chats" } };
  const base = actual({ lc: "accepting_chats" });
  const keyOf = (revision: number, a: Actuals = base) =>
    reconcile({ agentId: "agt_a", desired, actual: a, revision })[0]?.idempotencyKey;

  it("retries of one decision get the same key", () => {
    expect(keyOf(3)).toBe(keyOf(3));
    expect(keyOf(3)).toContain("agt_a");
  });

  it("a new revision gets a new key for the same target", () => {
    expect(keyOf(4)).not.toBe(keyOf(3));
  });

  it("drift seen later (a new actual observation) gets a new key without a revision bump", () => {
    const drifted = actual({ lc: "accepting_chats" });
    const later = { ...drifted, livechat: drifted.livechat && { ...drifted.livechat, at: t(60) } };
    expect(keyOf(3, later)).not.toBe(keyOf(3));
  });

  it("keys differ per agent and per platform", () => {
    const a = reconcile({ agentId: "agt_a", desired, actual: base, revision: 1 })[0]?.idempotencyKey;
    const b = reconcile({ agentId: "agt_b", desired, actual: base, revision: 1 })[0]?.idempotencyKey;
    expect(a).not.toBe(b);
  });

  it("a recorded command result satisfies the next reconcile", () => {
    const [command] = reconcile({ agentId: "agt_a", desired, actual: base, revision: 1 });
    if (!command) throw new Error("expected a command");
    const after = recordCommandResult(base, command, t(5));
    expect(after.livechat?.source).toBe("command");
    expect(reconcile({ agentId: "agt_a", desired, actual: after, revision: 1 })).toEqual([]);
  });

  describe("with writes still on their way (pending)", () => {
    const kinds = (pending: Desired, a: Actuals) =>
      reconcile({ agentId: "agt_a", desired, actual: a, revision: 2, pending }).map(
        (c) => `${c.kind} ${Object.values(c.target).join(",")}`,
      );
    const paused = actual({ lc: "not_accepting_chats" });

    it.each([
      {
        name: "a start-up write of another target in flight: write the target again, though the platform shows it",
        pending: { livechat: { routingStatus: "accepting_chats" } },
        actual: paused,
        want: ["livechat.set_routing_status not_accepting_chats"],
      },
      {
        name: "a write of the same target in flight already carries the decision",
        pending: { livechat: { routingStatus: "not_accepting_chats" } },
        actual: base,
        want: [],
      },
      {
        name: "nothing on its way: the state last seen decides",
        pending: {},
        actual: paused,
        want: [],
      },
      {
        name: "a write in flight to another platform changes nothing here",
        pending: { chatwoot: { availability: "online" } },
        actual: paused,
        want: [],
      },
    ] satisfies Array<{ name: string; pending: Desired; actual: Actuals; want: string[] }>)(
      "$name",
      ({ pending, actual: a, want }) => {
        expect(kinds(pending, a)).toEqual(want);
      },
    );

    it("the same inputs give the same key (a retried job adds nothing)", () => {
      const pending: Desired = { livechat: { routingStatus: "accepting_chats" } };
      const key = () =>
        reconcile({ agentId: "agt_a", desired, actual: paused, revision: 2, pending })[0]?.idempotencyKey;
      expect(key()).toBeDefined();
      expect(key()).toBe(key());
    });
  });

  it("canonicalDesired is stable and changes with any target", () => {
    expect(canonicalDesired({ ringcentral: AVAILABLE, livechat: { routingStatus: "accepting_chats" } })).toBe(
      canonicalDesired({
        livechat: { routingStatus: "accepting_chats" },
        ringcentral: { dndStatus: "TakeAllCalls", userStatus: "Available" },
      }),
    );
    expect(canonicalDesired({ ringcentral: AVAILABLE })).not.toBe(canonicalDesired({ ringcentral: BUSY }));
  });

  it("satisfies is exact for Chatwoot", () => {
    expect(satisfies("chatwoot", { availability: "busy" }, { availability: "busy" })).toBe(true);
    expect(satisfies("chatwoot", { availability: "offline" }, { availability: "busy" })).toBe(false);
    expect(satisfies("chatwoot", undefined, { availability: "busy" })).toBe(false);
  });
});
