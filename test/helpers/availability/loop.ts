/**
 * The lead's job in miniature, for this folder's tests (not production code): apply an event, recompute desired,
 * bump the revision when it changed, reconcile, run the commands (deduped by idempotency key, as the command
 * table does), record their results.
 */

import { applyEvent } from "../../../src/domain/availability/apply.ts";
import { toIso } from "../../../src/domain/availability/canonical.ts";
import { desired } from "../../../src/domain/availability/desired.ts";
import { recordCommandResult } from "../../../src/domain/availability/observations.ts";
import { applyObservation } from "../../../src/domain/availability/observe.ts";
import { DEFAULT_POLICY } from "../../../src/domain/availability/policy.ts";
import { issued, reconcile } from "../../../src/domain/availability/reconcile.ts";
import { canonicalDesired } from "../../../src/domain/availability/satisfies.ts";
import type {
  Actuals,
  AgentState,
  ApplyContext,
  CommandSpec,
  IntentChange,
  IssuedCommand,
  PlatformObservation,
  Policy,
} from "../../../src/domain/availability/types.ts";
import type { DomainEvent } from "../../../src/domain/events.ts";
import type { PlatformId } from "../../../src/domain/platform.ts";
import { ALL, ECHO_WINDOW_MS } from "./kit.ts";

/** `execute` performs a command on a (fake) platform. */
export type Loop = {
  agentId: string;
  policy: Policy;
  platforms: PlatformId[];
  state: AgentState;
  actuals: Actuals;
  revision: number;
  lastDesired: string;
  issued: IssuedCommand[];
  commands: CommandSpec[];
  keys: Set<string>;
  notes: string[];
  /** Off: the platforms' own confirmations are the only news of our commands (exercises the echo guard). */
  recordResults: boolean;
  /** On: like a caller that lists only the commands of the last echo window (the engine must remember older ones). */
  narrowCommands: boolean;
};

export function newLoop(state: AgentState, actuals: Actuals, policy: Policy = DEFAULT_POLICY, platforms = ALL): Loop {
  return {
    agentId: "agt_a",
    policy,
    platforms,
    state,
    actuals,
    revision: 0,
    lastDesired: canonicalDesired(desired(state, policy, platforms)),
    issued: [],
    commands: [],
    keys: new Set(),
    notes: [],
    recordResults: true,
    narrowCommands: false,
  };
}

export function settle(loop: Loop, nowMs: number, execute: (command: CommandSpec) => void): CommandSpec[] {
  const target = desired(loop.state, loop.policy, loop.platforms);
  const text = canonicalDesired(target);
  if (text !== loop.lastDesired) {
    loop.revision += 1;
    loop.lastDesired = text;
  }
  const fresh = reconcile({
    agentId: loop.agentId,
    desired: target,
    actual: loop.actuals,
    revision: loop.revision,
  }).filter((c) => !loop.keys.has(c.idempotencyKey));
  for (const command of fresh) {
    loop.keys.add(command.idempotencyKey);
    loop.commands.push(command);
    loop.issued.push(issued(command, nowMs));
    execute(command);
    if (loop.recordResults) loop.actuals = recordCommandResult(loop.actuals, command, toIso(nowMs));
  }
  return fresh;
}

const loopCtx = (loop: Loop, nowMs: number): ApplyContext => ({
  nowMs,
  recentCommands: loop.narrowCommands ? loop.issued.filter((c) => c.issuedAtMs >= nowMs - ECHO_WINDOW_MS) : loop.issued,
  echoWindowMs: ECHO_WINDOW_MS,
  policy: loop.policy,
  identities: { livechat: "a@example.com", chatwoot: "7", ringcentral: "101" },
});

export function feed(
  loop: Loop,
  event: DomainEvent,
  nowMs: number,
  execute: (command: CommandSpec) => void,
): CommandSpec[] {
  const r = applyEvent(loop.state, loop.actuals, event, loopCtx(loop, nowMs));
  loop.state = r.state;
  loop.actuals = r.actuals;
  loop.notes.push(...r.notes);
  return settle(loop, nowMs, execute);
}

export function observe(
  loop: Loop,
  observation: PlatformObservation,
  nowMs: number,
  execute: (command: CommandSpec) => void,
): CommandSpec[] {
  const r = applyObservation(loop.state, loop.actuals, observation, loopCtx(loop, nowMs));
  loop.state = r.state;
  loop.actuals = r.actuals;
  loop.notes.push(...r.notes);
  return settle(loop, nowMs, execute);
}

export type Run = { state: AgentState; actuals: Actuals; changes: string[]; notes: string[] };

const describeChange = (c: IntentChange) => `${c.from}->${c.to}@${c.source}`;

/** Feeds events in order against one fixed command history, collecting intent changes (no reconcile). */
export function feedEvents(
  events: DomainEvent[],
  commands: IssuedCommand[],
  start: Run | AgentState,
  ctx: (commands: IssuedCommand[]) => ApplyContext,
): Run {
  let run: Run = "intent" in start ? { state: start, actuals: {}, changes: [], notes: [] } : start;
  for (const event of events) {
    const r = applyEvent(run.state, run.actuals, event, ctx(commands));
    run = {
      state: r.state,
      actuals: r.actuals,
      changes: r.intentChange ? [...run.changes, describeChange(r.intentChange)] : run.changes,
      notes: [...run.notes, ...r.notes],
    };
  }
  return run;
}
