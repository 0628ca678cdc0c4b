import type pg from "pg";
import { CHAT_CHANNEL, type ChatNotice, chatNoticeSchema } from "./notices.ts";

/** NOTIFY payloads must stay under PostgreSQL's 8,000-byte limit. */
const MAX_PAYLOAD_BYTES = 7_500;

/**
 * Cross-process fan-out for the chat engine. `publish` is called after a transaction committed; notices gathered
 * within one tick go out as few NOTIFYs as their size allows (a NOTIFY inside every write transaction halves
 * its throughput). One LISTEN connection per process feeds the local subscribers.
 */
export class ChatBus {
  readonly #pool: pg.Pool;
  #pending: ChatNotice[] = [];
  #flushing: Promise<void> | null = null;
  #listener: pg.PoolClient | null = null;
  #starting: Promise<void> | null = null;
  readonly #subscribers = new Set<(n: ChatNotice) => void>();
  #closed = false;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  publish(notices: readonly ChatNotice[]): Promise<void> {
    if (notices.length === 0 || this.#closed) return Promise.resolve();
    this.#pending.push(...notices);
    this.#flushing ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.#flush());
    return this.#flushing;
  }

  async #flush(): Promise<void> {
    const batch = this.#pending;
    this.#pending = [];
    this.#flushing = null;
    const payloads: string[] = [];
    let current: string[] = [];
    let size = 2;
    for (const n of batch) {
      const s = JSON.stringify(n);
      if (size + s.length + 1 > MAX_PAYLOAD_BYTES && current.length > 0) {
        payloads.push(`[${current.join(",")}]`);
        current = [];
        size = 2;
      }
      current.push(s);
      size += s.length + 1;
    }
    if (current.length > 0) payloads.push(`[${current.join(",")}]`);
    if (payloads.length === 0) return;
    await this.#pool
      .query("select pg_notify($1, p) from unnest($2::text[]) as p", [CHAT_CHANNEL, payloads])
      .catch(() => undefined);
  }

  /** Resolves once LISTEN is in place: nothing committed after that is missed by this process. */
  async subscribe(fn: (n: ChatNotice) => void): Promise<() => void> {
    this.#subscribers.add(fn);
    await this.#ensureListening();
    return () => this.#subscribers.delete(fn);
  }

  #ensureListening(): Promise<void> {
    if (this.#listener || this.#closed) return Promise.resolve();
    this.#starting ??= this.#listen().finally(() => {
      this.#starting = null;
    });
    return this.#starting;
  }

  async #listen(): Promise<void> {
    const client = await this.#pool.connect();
    client.on("notification", (msg) => {
      if (msg.channel !== CHAT_CHANNEL) return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(msg.payload ?? "[]");
      } catch {
        return;
      }
      for (const raw of Array.isArray(parsed) ? parsed : []) {
        const notice = chatNoticeSchema.safeParse(raw);
        if (notice.success) for (const fn of this.#subscribers) fn(notice.data);
      }
    });
    const lost = () => {
      if (this.#listener !== client) return;
      this.#listener = null;
      client.release(true);
      if (!this.#closed) setTimeout(() => void this.#ensureListening().catch(() => undefined), 1000);
    };
    client.on("error", lost);
    await client.query(`LISTEN ${CHAT_CHANNEL}`);
    this.#listener = client;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#subscribers.clear();
    const client = this.#listener;
    this.#listener = null;
    if (client) {
      await client.query(`UNLISTEN ${CHAT_CHANNEL}`).catch(() => undefined);
      client.release(true);
    }
  }
}

const buses = new WeakMap<pg.Pool, ChatBus>();

/** One bus per database pool (per process). */
export function chatBusFor(pool: pg.Pool): ChatBus {
  let bus = buses.get(pool);
  if (!bus) {
    bus = new ChatBus(pool);
    buses.set(pool, bus);
  }
  return bus;
}
