/**
 * A platform delivering a steady stream of webhooks the way the real ones do: each delivery is retried (the same
 * bytes) until the hub answers 2xx, so a hub process that dies mid-request or is down for a while loses nothing
 * the platform considers delivered. Bounded in count and in time.
 */
export type Delivery = { key: string; body: string; headers: Record<string, string> };

export type StreamResult = {
  /** Keys of deliveries the hub answered 2xx (every delivery, unless the deadline cut the retries short). */
  acknowledged: string[];
  /** Deliveries that needed more than one attempt (the hub was down or cut the request). */
  retried: number;
  unacknowledged: string[];
};

export type WebhookStream = {
  /** How many deliveries have been sent at least once. */
  sent(): number;
  done: Promise<StreamResult>;
};

export function streamWebhooks(input: {
  url: () => string;
  deliveries: Delivery[];
  perSecond: number;
  /** Give up retrying after this long (the test then fails on the unacknowledged ones). */
  deadlineMs: number;
  retryEveryMs?: number;
}): WebhookStream {
  const started = Date.now();
  const deadline = started + input.deadlineMs;
  const acknowledged: string[] = [];
  const unacknowledged: string[] = [];
  let retried = 0;
  let sent = 0;
  const deliver = async (d: Delivery): Promise<void> => {
    for (let attempt = 1; Date.now() < deadline; attempt++) {
      const ok = await fetch(input.url(), { method: "POST", headers: d.headers, body: d.body }).then(
        async (res) => {
          await res.arrayBuffer();
          return res.status >= 200 && res.status < 300;
        },
        () => false,
      );
      if (ok) {
        acknowledged.push(d.key);
        if (attempt > 1) retried++;
        return;
      }
      await new Promise((r) => setTimeout(r, input.retryEveryMs ?? 250));
    }
    unacknowledged.push(d.key);
  };
  const done = (async () => {
    const inFlight: Promise<void>[] = [];
    for (const [i, d] of input.deliveries.entries()) {
      const due = started + (i * 1000) / input.perSecond;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (Date.now() >= deadline) {
        unacknowledged.push(d.key);
        continue;
      }
      sent++;
      inFlight.push(deliver(d));
    }
    await Promise.all(inFlight);
    return { acknowledged, retried, unacknowledged };
  })();
  return { sent: () => sent, done };
}
