import { DEMO_AGENTS } from "../../sim/shared/demo-team.ts";
import type { IntentStatus } from "../domain/availability/index.ts";
import type { PlatformId } from "../domain/platform.ts";
import { customerPool, phrase } from "./day-people.ts";
import type { ChatPlatform, Customer, DayAction, DayScript } from "./day-script.ts";
import { createRng, type Rng } from "./rng.ts";

export type DayOptions = {
  seed: number;
  /** Simulated minutes of activity; a short wrap-up follows, in which everything still open ends. */
  minutes: number;
  /** How many of the demo team take part (default and most: the whole team, 8 unless SIM_TEAM_SIZE says more). */
  agents?: number;
  /** Multiplies the arrival rates of chats and calls (1 = a steady support day). */
  intensity?: number;
};

/** Rates and durations in simulated seconds: a steady day for a small team, busy enough to overlap. */
const RATES = { chatEverySec: 100, inboundCallEverySec: 300, outboundCallEverySec: 900, breakEverySec: 150 };
const MAX_CHATS = 3;
/** LiveChat's router only offers chats once it sees the agent accepting again: allow the hub a moment. */
const COOLDOWN_MS = 5000;
const WRAP_UP_MS = 15_000;

type Span = { start: number; end: number };
type Agent = { chats: Span[]; calls: Span[]; breaks: Span[] };

const active = (spans: Span[], t: number) => spans.filter((s) => s.start <= t && t < s.end).length;
const lastEnd = (spans: Span[], t: number) => Math.max(-Infinity, ...spans.filter((s) => s.end <= t).map((s) => s.end));

/**
 * A deterministic day for the demo team: customers start chats on LiveChat and Chatwoot and write to them, calls
 * come in (ringing, sometimes missed) and go out, some are put on hold, and people take breaks by setting
 * themselves away (or offline) on one platform and come back on another. Work is only offered to someone who
 * would really get it: available, not on a call, below the chat limit, and not just back from a call or break.
 * Everything ends before `minutes` is over, so the day finishes with the whole team idle and available.
 */
export function generateDay(options: DayOptions): DayScript {
  const rng = createRng(options.seed);
  const agentCount = Math.max(1, Math.min(DEMO_AGENTS.length, options.agents ?? DEMO_AGENTS.length));
  const intensity = options.intensity ?? 1;
  const dayEnd = Math.max(1, options.minutes) * 60_000;
  const lastStart = Math.max(dayEnd - 60_000, dayEnd / 2);
  const actions: DayAction[] = [];
  const agents: Agent[] = Array.from({ length: agentCount }, () => ({ chats: [], calls: [], breaks: [] }));
  // Enough customers that a large team is not held back by customers already in a chat (40 for the demo team).
  const customers = customerPool(Math.max(40, agentCount * 4));
  const customerChats = new Map<string, Span[]>();
  let chatSeq = 0;
  let callSeq = 0;
  const per = (everySec: number) => intensity / everySec;

  for (let t = 1000; t < lastStart; t += 1000) {
    for (let i = 0; i < agentCount; i++) {
      const a = agents[i] as Agent;
      const onBreak = active(a.breaks, t) > 0;
      const onCall = active(a.calls, t) > 0;
      const chats = active(a.chats, t);
      const settled = t - Math.max(lastEnd(a.calls, t), lastEnd(a.breaks, t)) >= COOLDOWN_MS;
      if (!onBreak && !onCall && settled && chats < MAX_CHATS && rng.chance(per(RATES.chatEverySec))) {
        const customer = freeCustomer(rng, customers, customerChats, t);
        if (customer) {
          const span = chat(rng, actions, i, `c${++chatSeq}`, customer, t, dayEnd);
          a.chats.push(span);
          customerChats.set(customer.email, [...(customerChats.get(customer.email) ?? []), span]);
        }
        continue;
      }
      if (!onBreak && !onCall && settled) {
        const inbound = rng.chance(per(RATES.inboundCallEverySec));
        if (inbound || rng.chance(per(RATES.outboundCallEverySec))) {
          a.calls.push(call(rng, actions, i, `k${++callSeq}`, rng.pick(customers), inbound, t, dayEnd));
          continue;
        }
      }
      const idleSince = Math.max(lastEnd(a.calls, t), lastEnd(a.chats, t), lastEnd(a.breaks, t));
      if (!onBreak && !onCall && chats === 0 && t - idleSince >= 8000 && rng.chance(per(RATES.breakEverySec))) {
        a.breaks.push(takeBreak(rng, actions, i, t, lastStart));
      }
    }
  }
  // Stable sort: actions of one subject were pushed in order, and ties keep that order.
  const ordered = actions.map((action, index) => ({ action, index }));
  ordered.sort((x, y) => x.action.at - y.action.at || x.index - y.index);
  return {
    seed: options.seed,
    durationMs: dayEnd + WRAP_UP_MS,
    agents: agentCount,
    actions: ordered.map((o) => o.action),
  };
}

function freeCustomer(
  rng: Rng,
  customers: readonly Customer[],
  chatsOf: Map<string, Span[]>,
  t: number,
): Customer | undefined {
  const free = customers.filter((c) => active(chatsOf.get(c.email) ?? [], t) === 0);
  return free.length > 0 ? rng.pick(free) : undefined;
}

function chat(
  rng: Rng,
  out: DayAction[],
  agent: number,
  id: string,
  customer: Customer,
  start: number,
  dayEnd: number,
): Span {
  const platform: ChatPlatform = rng.chance(0.55) ? "livechat" : "chatwoot";
  const end = Math.min(start + rng.int(60, 240) * 1000, dayEnd - rng.int(1, 20) * 1000);
  out.push({ at: start, kind: "chat.start", agent, chat: id, platform, customer, text: phrase(rng, "opening") });
  for (let t = start + rng.int(3, 10) * 1000; t < end - 2000; t += rng.int(8, 30) * 1000) {
    out.push({ at: t, kind: "chat.message", agent, chat: id, from: "agent", text: phrase(rng, "agent") });
    const next = t + rng.int(4, 15) * 1000;
    if (next < end - 1000 && rng.chance(0.8))
      out.push({ at: next, kind: "chat.message", agent, chat: id, from: "customer", text: phrase(rng, "customer") });
  }
  out.push({ at: end, kind: "chat.end", agent, chat: id, by: rng.chance(0.7) ? "agent" : "customer" });
  return { start, end };
}

function call(
  rng: Rng,
  out: DayAction[],
  agent: number,
  id: string,
  customer: Customer,
  inbound: boolean,
  start: number,
  dayEnd: number,
): Span {
  const direction = inbound ? "Inbound" : "Outbound";
  out.push({ at: start, kind: "call.start", agent, call: id, direction, customer, ringing: inbound });
  let t = start;
  if (inbound) {
    t += rng.int(2, 6) * 1000;
    if (rng.chance(0.1)) {
      // Nobody picked up: the caller hangs up (RingCentral would take them to voicemail).
      const end = t + rng.int(4, 8) * 1000;
      out.push({ at: end, kind: "call.end", agent, call: id, by: "remote" });
      return { start, end };
    }
    out.push({ at: t, kind: "call.answer", agent, call: id });
  }
  const end = Math.min(t + rng.int(30, 150) * 1000, dayEnd - rng.int(1, 20) * 1000);
  if (rng.chance(0.4)) {
    const hold = t + Math.floor((end - t) * (0.3 + rng.next() * 0.3));
    const resume = hold + rng.int(8, 25) * 1000;
    if (resume < end - 2000) {
      out.push({ at: hold, kind: "call.hold", agent, call: id });
      out.push({ at: resume, kind: "call.unhold", agent, call: id });
    }
  }
  out.push({
    at: Math.max(end, t + 1000),
    kind: "call.end",
    agent,
    call: id,
    by: rng.chance(0.6) ? "agent" : "remote",
  });
  return { start, end: Math.max(end, t + 1000) };
}

/** Away on one platform, back on (often) another; now and then offline instead, where a platform can show it. */
function takeBreak(rng: Rng, out: DayAction[], agent: number, start: number, lastStart: number): Span {
  const offline = rng.chance(0.25);
  // LiveChat's `offline` for a person is UNCONFIRMED (sim/livechat/scenario.ts), so offline is set elsewhere.
  const leaveOn: PlatformId = offline ? rng.pick(["ringcentral", "chatwoot"] as const) : rng.pick(PLATFORMS);
  const intent: IntentStatus = offline ? "offline" : "away";
  const end = Math.min(start + rng.int(30, 120) * 1000, lastStart + 30_000);
  out.push({ at: start, kind: "status", agent, platform: leaveOn, intent });
  out.push({ at: end, kind: "status", agent, platform: rng.pick(PLATFORMS), intent: "available" });
  return { start, end };
}

const PLATFORMS: readonly PlatformId[] = ["livechat", "ringcentral", "chatwoot"];
