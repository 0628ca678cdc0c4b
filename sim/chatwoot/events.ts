import { randomUUID } from "node:crypto";
import type { WebhookEmitter } from "../shared/webhooks.ts";
import { AGENT_BOT_EVENTS, API_INBOX_EVENTS, type ChatwootEventName } from "./constants.ts";
import { railsJson } from "./json.ts";
import type { Conversation, Message } from "./model.ts";
import type { ChatwootConfig } from "./options.ts";
import { chatwootDeliveryHeaders } from "./signing.ts";
import type { ChatwootState } from "./state.ts";

/** Where an event is being published from: the inbox selects API-inbox and inbox-bot targets. */
export type EventScope = { inboxId: number | null; conversation?: Conversation; message?: Message };

export type TargetKind = "account_webhook" | "api_inbox" | "agent_bot";

/** What happens when a delivery finally fails (Chatwoot marks API-inbox messages failed, hands bot chats off). */
export type FailureHandler = (kind: TargetKind, event: ChatwootEventName, scope: EventScope) => void;

type Target = { kind: TargetKind; url: string; secret: string | null };

/**
 * Publishes events the way Chatwoot's listeners do (doc §2.1): one delivery per (event × destination), each with
 * its own `X-Chatwoot-Delivery` UUID, signed with that destination's secret. The agent-bot listener runs inside
 * the request, so its payload is built at once; the account/API-inbox listener runs in a job, so its payload is
 * built when that job runs (after `webhookLagMs`) and reflects the record at that moment.
 */
export class EventBus {
  readonly #state: ChatwootState;
  readonly #emitter: WebhookEmitter;
  readonly #config: ChatwootConfig;
  readonly #pending = new Set<Promise<void>>();
  #generation = 0;
  onFailure: FailureHandler = () => {};

  constructor(state: ChatwootState, emitter: WebhookEmitter, config: ChatwootConfig) {
    this.#state = state;
    this.#emitter = emitter;
    this.#config = config;
  }

  publish(event: ChatwootEventName, scope: EventScope, build: () => Record<string, unknown>): void {
    for (const target of this.#botTargets(event, scope)) this.#send(target, event, scope, railsJson(build()));
    const queued = this.#queuedTargets(event, scope);
    if (queued.length === 0) return;
    const run = () => {
      const body = railsJson(build());
      for (const target of queued) this.#send(target, event, scope, body);
    };
    if (this.#config.webhookLagMs <= 0) {
      run();
      return;
    }
    const generation = this.#generation;
    this.#track(
      new Promise<void>((resolve) =>
        setTimeout(() => {
          if (generation === this.#generation) run();
          resolve();
        }, this.#config.webhookLagMs),
      ),
    );
  }

  /** Resolves once every lagged job has run, every delivery has finished and every failure has been handled. */
  async settle(): Promise<void> {
    do {
      await Promise.allSettled([...this.#pending]);
      await this.#emitter.idle();
    } while (this.#pending.size > 0);
  }

  #track(job: Promise<void>): void {
    this.#pending.add(job);
    void job.finally(() => this.#pending.delete(job));
  }

  /** Lagged jobs scheduled before a reset never deliver. */
  reset(): void {
    this.#generation += 1;
  }

  #queuedTargets(event: ChatwootEventName, scope: EventScope): Target[] {
    const targets: Target[] = [];
    // Account webhooks filter by subscription only; `inbox_id` is informational (doc §2.1).
    for (const hook of this.#state.webhooks.values()) {
      if (hook.subscriptions.includes(event))
        targets.push({ kind: "account_webhook", url: hook.url, secret: hook.secret });
    }
    const inbox = scope.inboxId === null ? undefined : this.#state.inboxes.get(scope.inboxId);
    if (inbox?.channelType === "Channel::Api" && inbox.webhookUrl && API_INBOX_EVENTS.has(event)) {
      targets.push({ kind: "api_inbox", url: inbox.webhookUrl, secret: inbox.secret });
    }
    return targets;
  }

  /** The inbox's active bot and the conversation's assigned bot each get a delivery, even when they are the same. */
  #botTargets(event: ChatwootEventName, scope: EventScope): Target[] {
    if (!AGENT_BOT_EVENTS.has(event)) return [];
    const inbox = scope.inboxId === null ? undefined : this.#state.inboxes.get(scope.inboxId);
    const botIds = [inbox?.agentBotId ?? null, scope.conversation?.assigneeBotId ?? null];
    const targets: Target[] = [];
    for (const id of botIds) {
      const bot = id === null ? undefined : this.#state.bots.get(id);
      if (bot?.outgoingUrl) targets.push({ kind: "agent_bot", url: bot.outgoingUrl, secret: bot.secret });
    }
    return targets;
  }

  #send(target: Target, event: ChatwootEventName, scope: EventScope, body: string): void {
    const deliveryId = randomUUID();
    const secret = this.#config.unsignedWebhooks ? null : target.secret;
    this.#emitter.emit({
      url: target.url,
      body,
      event,
      headers: () => chatwootDeliveryHeaders({ deliveryId, secret, body, nowMs: this.#config.now() }),
      // Chatwoot reacts to a failed delivery in a later job, never inside the request that caused the event.
      onResult: (delivered) => {
        if (delivered) return;
        const generation = this.#generation;
        this.#track(
          Promise.resolve().then(() => {
            if (generation === this.#generation) this.onFailure(target.kind, event, scope);
          }),
        );
      },
    });
  }
}
