import type { WebhookEmitter } from "../shared/webhooks.ts";
import type { Outgoing } from "./events.ts";
import { numericId } from "./ids.ts";
import type { SimConfig } from "./options.ts";
import { type Subscription, type SubscriptionStore, subscriptionInfo } from "./subscriptions.ts";

/** Delivers notifications (doc §1.3 headers, §2.1 envelope) and feeds delivery outcomes back to blacklisting. */
export class Notifier {
  readonly #config: SimConfig;
  readonly #subs: SubscriptionStore;
  readonly #webhooks: WebhookEmitter;
  #timer: NodeJS.Timeout | undefined;

  constructor(config: SimConfig, subs: SubscriptionStore, webhooks: WebhookEmitter) {
    this.#config = config;
    this.#subs = subs;
    this.#webhooks = webhooks;
  }

  /**
   * Emits events in order. Before the next event goes out, the previous one's deliveries get up to
   * `orderingWaitMs` to land, so a healthy receiver sees them in order while a slow or failing one never
   * blocks the platform (and may then see them out of order, as with the real one).
   */
  async publish(events: Outgoing[]): Promise<void> {
    for (const outgoing of events) {
      const pending: Promise<void>[] = [];
      for (const sub of this.#subs.deliverable()) {
        const rendered = outgoing.render(sub);
        if (rendered) pending.push(this.send(sub, rendered.event, rendered.body));
      }
      if (pending.length > 0) await settleWithin(Promise.all(pending), this.#config.orderingWaitMs);
    }
  }

  /** One notification to one subscription; resolves when the emitter reports the final outcome. */
  send(sub: Subscription, event: string, body: unknown): Promise<void> {
    const envelope = {
      uuid: numericId(19),
      event,
      timestamp: new Date(this.#config.now()).toISOString(),
      subscriptionId: sub.id,
      ownerId: sub.ownerId,
      body,
    };
    const headers: Record<string, string> = {
      "content-type": "application/json; charset=UTF-8",
      "user-agent": "RingCentral-Webhook/8.3",
      accept: "application/json",
    };
    if (sub.verificationToken) headers["verification-token"] = sub.verificationToken;
    return new Promise((resolve) => {
      // A `drop` fault reports failure synchronously inside emit(); that is the platform losing the event, not
      // the receiver failing, so it must not count towards blacklisting.
      let inEmit = true;
      this.#webhooks.emit({
        url: sub.address,
        headers,
        body: JSON.stringify(envelope),
        event,
        onResult: (delivered) => {
          if (!inEmit) this.#subs.recordResult(sub, delivered);
          resolve();
        },
      });
      inEmit = false;
    });
  }

  /**
   * Renewal reminders for `/restapi/v1.0/subscription/~?threshold=…&interval=…` filters. UNCONFIRMED body: the
   * docs do not show one, so it carries the subscription's own info.
   */
  startReminders(base: () => string): void {
    if (this.#config.reminderCheckMs <= 0) return;
    this.#timer = setInterval(() => {
      const now = this.#config.now();
      for (const sub of this.#subs.deliverable()) {
        const filter = sub.filters.find((f) => f.kind === "reminder");
        if (!filter?.reminder) continue;
        const left = sub.expiresAt - now;
        const due = sub.lastReminderAt === undefined || now - sub.lastReminderAt >= filter.reminder.interval * 1000;
        if (left > filter.reminder.threshold * 1000 || !due) continue;
        sub.lastReminderAt = now;
        void this.send(sub, filter.resolved, subscriptionInfo(sub, base(), now));
      }
    }, this.#config.reminderCheckMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
  }
}

async function settleWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  if (timer) clearTimeout(timer);
}
