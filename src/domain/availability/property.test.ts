import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PLATFORMS } from "../platform.ts";
import { desired } from "./desired.ts";
import { repairEngagements } from "./engagement-repair.ts";
import { DEFAULT_POLICY, initialAgentState } from "./policy.ts";
import { type Action, act, deliver, newSlots } from "./property-actions.ts";
import { applyCommand, execute, newWorld, observedCalls, pollOf, truthState, type World } from "./property-world.ts";
import { satisfies } from "./satisfies.ts";
import { commandSpecSchema } from "./schemas.ts";
import { ALL, type Loop, newLoop, observe, settle, T0 } from "./test-kit.ts";
import type { CommandSpec, ObservedStates, Policy } from "./types.ts";

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
  { weight: 10, arbitrary: fc.record({ t: fc.constant("deliver" as const), pick: fc.nat(), keep: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("poll" as const), platform: fc.constantFrom(...PLATFORMS) }) },
);

const policy: fc.Arbitrary<Policy> = fc.record({
  pauseChatsWhileRinging: fc.boolean(),
  phoneBusyWhen: fc.constantFrom("any_chat" as const, "chats_at_capacity" as const),
  setPhoneBusyDuringCalls: fc.boolean(),
}).map((p) => ({ ...DEFAULT_POLICY, ...p }));

const scenario = fc.record({
  seed: fc.integer(),
  // Steps are further apart than the echo guard's clock-skew allowance, so their order is knowable.
  steps: fc.array(fc.record({ action, gapMs: fc.integer({ min: 3_000, max: 45_000 }) }), { maxLength: 70 }),
  policy,
  chatCost: fc.constantFrom(20, 34, 50),
  recordResults: fc.boolean(),
});

/** Delivers whatever is still in flight, in a random order, then repairs and polls as the periodic job does. */
function finish(world: World, loop: Loop): void {
  const run = (c: CommandSpec) => execute(world, c);
  for (let guard = 0; world.inflight.length > 0 && guard < 1_000; guard++) {
    world.clock += 3_000;
    const [item] = world.inflight.splice(Math.floor(world.random() * world.inflight.length), 1);
    if (item) deliver(world, loop, item);
  }
  world.clock += 10 * 60_000;
  const chatIds = (platform: "livechat" | "chatwoot") =>
    [...world.truth.chats.values()].filter((c) => c.platform === platform).map((c) => c.id);
  loop.state = repairEngagements(
    loop.state,
    {
      activeCalls: observedCalls(world),
      activeChats: [
        { platform: "livechat", ids: chatIds("livechat") },
        { platform: "chatwoot", ids: chatIds("chatwoot") },
      ],
    },
    world.clock,
  ).state;
  for (const platform of PLATFORMS) observe(loop, pollOf(world, platform), world.clock, run);
  settle(loop, world.clock, run);
}

const observed = (world: World): ObservedStates => ({
  livechat: { routingStatus: world.platforms.livechat },
  chatwoot: { availability: world.platforms.chatwoot },
  ringcentral: world.platforms.ringcentral,
});

describe("property: random event sequences with drops, duplicates and reordering", () => {
  it("converge: every platform ends in desired(truth), intent matches, and no command is a toggle", () => {
    fc.assert(
      fc.property(scenario, ({ seed, steps, policy: p, chatCost, recordResults }) => {
        const world = newWorld(T0, seed);
        const loop: Loop = { ...newLoop(initialAgentState({ costs: { chat: chatCost } }), {}, p), recordResults };
        const run = (c: CommandSpec) => execute(world, c);
        // The lead reads every platform once when an agent is connected.
        for (const platform of PLATFORMS) observe(loop, pollOf(world, platform), world.clock, run);
        const slots = newSlots();
        for (const { action: a, gapMs } of steps) {
          world.clock += gapMs;
          act(world, loop, slots, a);
        }
        finish(world, loop);

        const truth = truthState(world, chatCost);
        const want = desired(truth, p, ALL);
        const now = observed(world);
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
      { numRuns: 200 },
    );
  });

  it("the same holds with every fault switched off (sanity: the loop itself converges)", () => {
    fc.assert(
      fc.property(scenario, ({ seed, steps, policy: p, chatCost }) => {
        const world = newWorld(T0, seed);
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
        expect(observed(world).ringcentral).toEqual(desired(truth, p, ALL).ringcentral);
      }),
      { numRuns: 100 },
    );
  });
});
