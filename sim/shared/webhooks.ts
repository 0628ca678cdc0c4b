import type { WebhookFault } from "./control.ts";

export type Delivery = {
  url: string;
  /** A function when headers depend on the moment of sending (signature timestamps). */
  headers: Record<string, string> | (() => Record<string, string>);
  body: string;
  /** Event name used by `match` in faults and shown in the delivery log. */
  event: string;
  /** Called once with the final outcome (after retries). */
  onResult?: (delivered: boolean) => void;
};

export type DeliveryLogEntry = {
  at: string;
  url: string;
  event: string;
  attempt: number;
  status?: number;
  error?: string;
  fault?: WebhookFault["kind"];
};

export type EmitterOptions = {
  /** Attempts per delivery before giving up (the platform's retry policy). */
  maxAttempts?: number;
  retryDelayMs?: number;
  timeoutMs?: number;
  maxLog?: number;
};

/** Delivers webhooks like a platform does: asynchronously, retried, and — on request — dropped, duplicated, delayed or reordered. */
export class WebhookEmitter {
  readonly #options: Required<EmitterOptions>;
  #faults: WebhookFault[] = [];
  #log: DeliveryLogEntry[] = [];
  #inFlight = new Set<Promise<void>>();
  #held: Delivery | undefined;
  #heldTimer: NodeJS.Timeout | undefined;
  #generation = 0;

  constructor(options: EmitterOptions = {}) {
    this.#options = { maxAttempts: 3, retryDelayMs: 500, timeoutMs: 10_000, maxLog: 5000, ...options };
  }

  emit(delivery: Delivery): void {
    const fault = this.#takeFault(delivery.event);
    if (fault?.kind === "drop") {
      this.#record({
        at: new Date().toISOString(),
        url: delivery.url,
        event: delivery.event,
        attempt: 0,
        fault: "drop",
      });
      delivery.onResult?.(false);
      return;
    }
    if (fault?.kind === "reorder" && !this.#held) {
      // Held back until the next delivery has gone out (or a short while passes).
      this.#held = delivery;
      this.#heldTimer = setTimeout(() => this.#releaseHeld(), 2000);
      return;
    }
    const delayMs = fault?.kind === "delay" ? (fault.delayMs ?? 2000) : 0;
    this.#track(this.#deliver(delivery, delayMs, fault?.kind));
    if (fault?.kind === "duplicate") this.#track(this.#deliver(delivery, 0, "duplicate"));
    this.#releaseHeld();
  }

  /** Resolves when nothing is in flight or held. */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0 || this.#held) {
      if (this.#held) this.#releaseHeld();
      await Promise.allSettled([...this.#inFlight]);
    }
  }

  addFaults(faults: WebhookFault[]): void {
    this.#faults.push(...faults);
  }
  clearFaults(): void {
    this.#faults = [];
  }
  faults(): WebhookFault[] {
    return this.#faults;
  }
  log(): DeliveryLogEntry[] {
    return this.#log;
  }
  reset(): void {
    this.#generation += 1;
    this.#faults = [];
    this.#log = [];
    if (this.#heldTimer) clearTimeout(this.#heldTimer);
    this.#held = undefined;
  }

  #takeFault(event: string): WebhookFault | undefined {
    for (const fault of this.#faults) {
      if (fault.match && !event.includes(fault.match)) continue;
      if (fault.count !== undefined) {
        fault.count -= 1;
        this.#faults = this.#faults.filter((f) => f.count === undefined || f.count > 0);
        return fault;
      }
      if (fault.percent !== undefined && Math.random() * 100 < fault.percent) return fault;
    }
    return undefined;
  }

  #releaseHeld(): void {
    const held = this.#held;
    if (!held) return;
    this.#held = undefined;
    if (this.#heldTimer) clearTimeout(this.#heldTimer);
    this.#track(this.#deliver(held, 0, "reorder"));
  }

  #track(p: Promise<void>): void {
    this.#inFlight.add(p);
    void p.finally(() => this.#inFlight.delete(p));
  }

  async #deliver(d: Delivery, delayMs: number, fault: WebhookFault["kind"] | undefined): Promise<void> {
    const generation = this.#generation;
    if (delayMs > 0) await sleep(delayMs);
    for (let attempt = 1; attempt <= this.#options.maxAttempts; attempt++) {
      if (generation !== this.#generation) return; // reset since: the old world is gone
      const entry: DeliveryLogEntry = { at: new Date().toISOString(), url: d.url, event: d.event, attempt, fault };
      try {
        const headers = typeof d.headers === "function" ? d.headers() : d.headers;
        const res = await fetch(d.url, {
          method: "POST",
          headers,
          body: d.body,
          signal: AbortSignal.timeout(this.#options.timeoutMs),
        });
        await res.arrayBuffer();
        entry.status = res.status;
        this.#record(entry);
        if (res.status >= 200 && res.status < 300) {
          d.onResult?.(true);
          return;
        }
      } catch (cause) {
        entry.error = cause instanceof Error ? cause.message : String(cause);
        this.#record(entry);
      }
      if (attempt < this.#options.maxAttempts) await sleep(this.#options.retryDelayMs * attempt);
    }
    d.onResult?.(false);
  }

  #record(entry: DeliveryLogEntry): void {
    this.#log.push(entry);
    if (this.#log.length > this.#options.maxLog) this.#log.splice(0, this.#log.length - this.#options.maxLog);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
