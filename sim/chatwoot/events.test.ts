import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WebhookEmitter } from "../shared/webhooks.ts";
import { EventBus } from "./events.ts";
import { resolveOptions } from "./options.ts";
import { ChatwootState } from "./state.ts";
import { type Receiver, startReceiver } from "./test-support.ts";

let hooks: Receiver;
let bot: Receiver;
beforeEach(async () => {
  hooks = await startReceiver();
  bot = await startReceiver();
});
afterEach(async () => {
  await hooks.close();
  await bot.close();
});

function busWith(lagMs: number) {
  const config = resolveOptions({
    webhookLagMs: lagMs,
    agentBotUrl: bot.url,
    botInboxIds: [1],
    webhooks: [{ url: hooks.url, subscriptions: ["message_created"], secret: "s" }],
  });
  const state = new ChatwootState();
  state.reset(config);
  return new EventBus(state, new WebhookEmitter({ maxAttempts: 1 }), config);
}

describe("EventBus", () => {
  it("builds account-webhook payloads when the lagged job runs, but bot payloads at once", async () => {
    const bus = busWith(5);
    let content = "as sent";
    bus.publish("message_created", { inboxId: 1 }, () => ({ event: "message_created", content }));
    // Synchronous code runs before any timer: the record changes before the lagged job reads it.
    content = "edited before the job ran";
    await bus.settle();
    expect(bot.received.map((r) => r.json.content)).toEqual(["as sent"]);
    expect(hooks.received.map((r) => r.json.content)).toEqual(["edited before the job ran"]);
  });

  it("drops lagged jobs scheduled before a reset", async () => {
    const bus = busWith(5);
    bus.publish("message_created", { inboxId: 1 }, () => ({ event: "message_created" }));
    bus.reset();
    await bus.settle();
    expect(hooks.received).toHaveLength(0);
    expect(bot.received).toHaveLength(1);
  });

  it("gives every destination its own delivery id", async () => {
    const bus = busWith(0);
    bus.publish("message_created", { inboxId: 1 }, () => ({ event: "message_created" }));
    await bus.settle();
    const ids = [...hooks.received, ...bot.received].map((r) => r.headers["x-chatwoot-delivery"]);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
  });

  it("reports final failures once per failed destination", async () => {
    const bus = busWith(0);
    const failures: string[] = [];
    bus.onFailure = (kind, event) => failures.push(`${kind}:${event}`);
    bot.status = 500;
    bus.publish("message_created", { inboxId: 1 }, () => ({ event: "message_created" }));
    await bus.settle();
    expect(failures).toEqual(["agent_bot:message_created"]);
  });
});
