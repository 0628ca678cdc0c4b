import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ALL, T0 } from "../../../test/helpers/availability/kit.ts";
import { newLoop, observe } from "../../../test/helpers/availability/loop.ts";
import { type Action, act, deliver, newSlots } from "../../../test/helpers/availability/property-actions.ts";
import { runScenario, type Scenario } from "../../../test/helpers/availability/property-run.ts";
import {
  applyCommand,
  execute,
  newWorld,
  observedStates,
  pollOf,
  truthState,
} from "../../../test/helpers/availability/property-world.ts";
import { PLATFORMS } from "../platform.ts";
import { desired } from "./desired.ts";
import { DEFAULT_POLICY, initialAgentState } from "./policy.ts";
import { satisfies } from "./satisfies.ts";
import { commandSpecSchema } from "./schemas.ts";
import type { CommandSpec, Policy } from "./types.ts";

const fault = fc.nat(9);
const slot = fc.nat(2);
const chatPlatform = fc.constantFrom("livechat" as const, "chatwoot" as const);

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ t: fc.constant("callStart" as const), slot, fault }) },
  {
    weight: 3,
    arbitrary: fc.record({
      t: fc.constant("callStep" as const),
      slot,
      to: fc.constantFrom("Proceeding" as const, "Answered" as const, "Hold" as const, "Parked" as const),
      fault,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      t: fc.constant("callEnd" as const),
      slot,
      to: fc.constantFrom("Disconnected" as const, "Gone" as const, "VoiceMail" as const),
      fault,
    }),
  },
  { weight: 3, arbitrary: fc.record({ t: fc.constant("chatStart" as const), platform: chatPlatform, slot, fault }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant("chatEnd" as const), platform: chatPlatform, slot, fault }) },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant("livechat" as const),
      value: fc.constantFrom("accepting_chats" as const, "not_accepting_chats" as const, "offline" as const),
      fault,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant("chatwoot" as const),
      value: fc.constantFrom("online" as const, "busy" as const, "offline" as const),
      fault,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant("ringcentral" as const),
      value: fc.constantFrom("Available" as const, "Busy" as const, "Offline" as const, "DND" as const),
      fault,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      t: fc.constant("switchboard" as const),
      value: fc.constantFrom("available" as const, "away" as const, "offline" as const),
    }),
  },
  { weight: 10, arbitrary: fc.record({ t: fc.constant("deliver" as const), pick: fc.nat(), keep: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("poll" as const), platform: fc.constantFrom(...PLATFORMS) }) },
);

const policy: fc.Arbitrary<Policy> = fc
  .record({
    pauseChatsWhileRinging: fc.boolean(),
    phoneBusyWhen: fc.constantFrom("any_chat" as const, "chats_at_capacity" as const),
    setPhoneBusyDuringCalls: fc.boolean(),
  })
  .map((p) => ({ ...DEFAULT_POLICY, ...p }));

const policyWith = (overrides: Partial<Policy>): Policy => ({ ...DEFAULT_POLICY, ...overrides });
const at3s = (action: Action) => ({ action, gapMs: 3_000 });

/** Counterexamples fast-check found while the engine was written, kept so every run replays them. */
const REGRESSIONS: Scenario[] = [
  {
    // A late re-broadcast of an older RingCentral change must not outrank a newer LiveChat change.
    seed: 0,
    steps: [
      at3s({ t: "ringcentral", value: "DND", fault: 0 }),
      at3s({ t: "livechat", value: "offline", fault: 0 }),
      at3s({ t: "callStart", slot: 0, fault: 0 }),
      at3s({ t: "callStep", slot: 0, to: "Proceeding", fault: 2 }),
    ],
    policy: policyWith({ pauseChatsWhileRinging: false }),
    chatCost: 20,
    recordResults: false,
  },
  {
    // "Busy" chosen over our offline presence (queue calls already off) is the person's, not our chat presence.
    seed: 0,
    steps: [
      at3s({ t: "livechat", value: "offline", fault: 0 }),
      at3s({ t: "deliver", pick: 0, keep: false }),
      at3s({ t: "chatStart", platform: "livechat", slot: 0, fault: 2 }),
      at3s({ t: "chatwoot", value: "online", fault: 0 }),
      at3s({ t: "ringcentral", value: "Busy", fault: 0 }),
    ],
    policy: policyWith({ pauseChatsWhileRinging: false }),
    chatCost: 20,
    recordResults: false,
  },
  {
    // Confirmations lost: the command we sent is what the platform showed before the person changed it back.
    seed: 0,
    steps: [at3s({ t: "chatwoot", value: "busy", fault: 0 }), at3s({ t: "chatwoot", value: "online", fault: 0 })],
    policy: DEFAULT_POLICY,
    chatCost: 20,
    recordResults: false,
  },
  {
    // Both call events lost; the person's later choice still wins.
    seed: 0,
    steps: [
      at3s({ t: "callStart", slot: 0, fault: 0 }),
      { action: { t: "callEnd", slot: 0, to: "Disconnected", fault: 0 }, gapMs: 30_001 },
      at3s({ t: "chatwoot", value: "busy", fault: 0 }),
    ],
    policy: policyWith({ setPhoneBusyDuringCalls: true }),
    chatCost: 20,
    recordResults: false,
  },
];

const scenario: fc.Arbitrary<Scenario> = fc
  .record({
    seed: fc.integer(),
    // Steps are further apart than the echo guard's clock-skew allowance, so their order is knowable.
    steps: fc.array(fc.record({ action, gapMs: fc.integer({ min: 3_000, max: 45_000 }) }), {
      maxLength: 60,
      size: "max",
    }),
    policy,
    chatCost: fc.constantFrom(20, 34, 50),
    recordResults: fc.boolean(),
    narrowCommands: fc.boolean(),
  })
  // A caller listing only the last window's commands records every success (as the lead's job does).
  .map((s) => (s.narrowCommands ? { ...s, recordResults: true } : s));

describe("property: random event sequences with drops, duplicates and reordering", () => {
  it("converge: every platform ends in desired(truth), intent matches, and no command is a toggle", () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const { world, loop } = runScenario(input);
        const { policy: p, chatCost } = input;
        const truth = truthState(world, chatCost);
        const want = desired(truth, p, ALL);
        const now = observedStates(world);
        expect(loop.state.intent.status).toBe(truth.intent.status);
        expect(satisfies("livechat", now.livechat, want.livechat ?? { routingStatus: "accepting_chats" })).toBe(true);
        expect(satisfies("chatwoot", now.chatwoot, want.chatwoot ?? { availability: "online" })).toBe(true);
        expect(now.ringcentral).toEqual(want.ringcentral);

        const targetByKey = new Map<string, string>();
        for (const command of loop.commands) {
          // A full target state, nothing else: the schema is strict about both halves of a presence.
          expect(commandSpecSchema.parse(command)).toEqual(command);
          const once = applyCommand(world.platforms, command);
          expect(applyCommand(once, command)).toEqual(once);
          const text = JSON.stringify(command.target);
          expect(targetByKey.get(command.idempotencyKey) ?? text).toBe(text);
          targetByKey.set(command.idempotencyKey, text);
        }
      }),
      { numRuns: 200, examples: REGRESSIONS.map((r) => [r] as [Scenario]) },
    );
  });

  it("the same holds with every fault switched off (sanity: the loop itself converges)", () => {
    fc.assert(
      fc.property(scenario, ({ seed, steps, policy: p, chatCost }) => {
        const world = newWorld(T0, seed, true);
        const loop = newLoop(initialAgentState({ costs: { chat: chatCost } }), {}, p);
        const run = (c: CommandSpec) => execute(world, c);
        for (const platform of PLATFORMS) observe(loop, pollOf(world, platform), world.clock, run);
        const slots = newSlots();
        for (const { action: a, gapMs } of steps) {
          if (a.t === "deliver" || a.t === "poll") continue;
          world.clock += gapMs;
          act(world, loop, slots, "fault" in a ? { ...a, fault: 9 } : a);
          while (world.inflight.length > 0) {
            const item = world.inflight.shift();
            if (item) deliver(world, loop, item);
          }
        }
        const truth = truthState(world, chatCost);
        expect(loop.state.intent.status).toBe(truth.intent.status);
        expect(observedStates(world).ringcentral).toEqual(desired(truth, p, ALL).ringcentral);
      }),
      { numRuns: 100 },
    );
  });
});
