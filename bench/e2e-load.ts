import { customerPool, phrase } from "../src/sandbox/day-people.ts";
import type { ChatPlatform, DayAction, DayScript } from "../src/sandbox/day-script.ts";
import { createRng } from "../src/sandbox/rng.ts";

type Held = { id: string; platform: ChatPlatform };
type AgentLoad = { chats: Held[]; call: string | null; callChangedAt: number };

/**
 * The latency run's traffic, at speed 1: every agent holds chats on LiveChat and Chatwoot; then `eventsPerSecond`
 * evenly spaced events, mostly customer and agent messages in those chats, with a share of state changes that
 * make the hub write to the platforms (a call starts → chats paused on LiveChat and Chatwoot; it ends → resumed;
 * a chat closes and a new one opens). Everything is closed at the end, so the team finishes idle and available.
 */
export function generateLoad(options: {
  seed: number;
  seconds: number;
  eventsPerSecond: number;
  agents: number;
  stateShare: number;
  /** Chats each agent holds (half on LiveChat, half on Chatwoot); at 20 each, 4 leave room for one more. */
  chatsPerAgent: number;
}): DayScript {
  const rng = createRng(options.seed);
  const customers = customerPool();
  const actions: DayAction[] = [];
  const agents: AgentLoad[] = Array.from({ length: options.agents }, () => ({
    chats: [],
    call: null,
    callChangedAt: 0,
  }));
  let seq = 0;
  const startChat = (agent: number, platform: ChatPlatform, at: number) => {
    const id = `c${++seq}`;
    const customer = customers[seq % customers.length] ?? customers[0];
    if (!customer) return;
    actions.push({ at, kind: "chat.start", agent, chat: id, platform, customer, text: phrase(rng, "opening") });
    agents[agent]?.chats.push({ id, platform });
  };
  const per = Math.max(1, options.chatsPerAgent);
  agents.forEach((_, i) => {
    for (let c = 0; c < per; c++) startChat(i, c % 2 === 0 ? "livechat" : "chatwoot", (i * per + c) * 60);
  });
  const begin = 3000;
  const total = Math.round(options.seconds * options.eventsPerSecond);
  for (let n = 0; n < total; n++) {
    const at = begin + Math.round((n * 1000) / options.eventsPerSecond);
    const i = rng.int(0, options.agents - 1);
    const a = agents[i];
    if (!a) continue;
    if (rng.chance(options.stateShare)) {
      if (a.call) {
        actions.push({ at, kind: "call.end", agent: i, call: a.call, by: "agent" });
        a.call = null;
        a.callChangedAt = at;
      } else if (a.chats.length >= per && rng.chance(0.3)) {
        const closed = a.chats.shift();
        if (closed) actions.push({ at, kind: "chat.end", agent: i, chat: closed.id, by: "customer" });
      } else if (a.chats.length < per && at - a.callChangedAt > 3000) {
        // Only once LiveChat shows the agent accepting again, as its router would.
        const onLivechat = a.chats.filter((c) => c.platform === "livechat").length;
        startChat(i, onLivechat < per / 2 ? "livechat" : "chatwoot", at);
      } else {
        a.call = `k${++seq}`;
        a.callChangedAt = at;
        const customer = rng.pick(customers);
        actions.push({
          at,
          kind: "call.start",
          agent: i,
          call: a.call,
          direction: "Outbound",
          customer,
          ringing: false,
        });
      }
      continue;
    }
    const chat = a.chats.length > 0 ? rng.pick(a.chats) : undefined;
    if (!chat) continue;
    const from = rng.chance(0.5) ? "customer" : "agent";
    actions.push({ at, kind: "chat.message", agent: i, chat: chat.id, from, text: phrase(rng, from) });
  }
  const end = begin + options.seconds * 1000 + 1000;
  agents.forEach((a, i) => {
    if (a.call) actions.push({ at: end, kind: "call.end", agent: i, call: a.call, by: "agent" });
    for (const chat of a.chats) actions.push({ at: end + 100, kind: "chat.end", agent: i, chat: chat.id, by: "agent" });
  });
  const ordered = actions.map((action, index) => ({ action, index }));
  ordered.sort((x, y) => x.action.at - y.action.at || x.index - y.index);
  return { seed: options.seed, durationMs: end + 1000, agents: options.agents, actions: ordered.map((o) => o.action) };
}
