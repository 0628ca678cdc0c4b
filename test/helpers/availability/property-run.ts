/**
 * One property-test run (test support): start the loop on polled baselines, play the steps, then do what the
 * periodic reconciliation does: deliver what is still in flight, repair engagements, poll, reconcile.
 */

import { repairEngagements } from "../../../src/domain/availability/engagement-repair.ts";
import { initialAgentState } from "../../../src/domain/availability/policy.ts";
import type { CommandSpec, Policy } from "../../../src/domain/availability/types.ts";
import { PLATFORMS } from "../../../src/domain/platform.ts";
import { T0 } from "./kit.ts";
import { type Loop, newLoop, observe, settle } from "./loop.ts";
import { type Action, act, deliver, deliverOverdue, newSlots } from "./property-actions.ts";
import { execute, newWorld, observedCalls, pollOf, type World } from "./property-world.ts";

export type Scenario = {
  seed: number;
  steps: Array<{ action: Action; gapMs: number }>;
  policy: Policy;
  chatCost: number;
  recordResults: boolean;
  narrowCommands?: boolean;
};

export type Trace = (line: string) => void;

function finish(world: World, loop: Loop, trace: Trace): void {
  const run = (c: CommandSpec) => execute(world, c);
  for (let guard = 0; world.inflight.length > 0 && guard < 1_000; guard++) {
    // Further apart than the echo guard's clock-skew allowance, like the steps.
    world.clock += 3_000;
    deliverOverdue(world, loop);
    world.clock += 3_000;
    const [item] = world.inflight.splice(Math.floor(world.random() * world.inflight.length), 1);
    if (item) deliver(world, loop, item);
    trace(`deliver ${JSON.stringify(item)} -> ${JSON.stringify(loop.state.intent)}`);
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

export function runScenario(input: Scenario, trace: Trace = () => {}): { world: World; loop: Loop } {
  const world = newWorld(T0, input.seed);
  const loop: Loop = {
    ...newLoop(initialAgentState({ costs: { chat: input.chatCost } }), {}, input.policy),
    recordResults: input.recordResults,
    narrowCommands: input.narrowCommands ?? false,
  };
  const run = (c: CommandSpec) => {
    trace(`command ${c.platform} ${JSON.stringify(c.target)} at ${world.clock - T0}`);
    execute(world, c);
  };
  // The lead reads every platform once when an agent is connected.
  for (const platform of PLATFORMS) observe(loop, pollOf(world, platform), world.clock, run);
  const slots = newSlots();
  for (const { action, gapMs } of input.steps) {
    world.clock += gapMs;
    deliverOverdue(world, loop);
    // Whatever that made us send stays further from the person's next move than the clock-skew allowance:
    // inside it, a person's change and our command's confirmation cannot be told apart (by design).
    world.clock += 3_000;
    act(world, loop, slots, action);
    trace(`${world.clock - T0} ${JSON.stringify(action)} -> ${JSON.stringify(loop.state.intent)}`);
  }
  finish(world, loop, trace);
  return { world, loop };
}
