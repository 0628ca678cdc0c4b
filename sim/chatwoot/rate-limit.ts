import type { FastifyInstance } from "fastify";
import { accessToken } from "./auth.ts";
import { THROTTLED_BODY } from "./constants.ts";
import type { ChatwootConfig } from "./options.ts";

/** Rack-attack's counting: fixed windows (`now / period`), one counter per key and window. */
export class FixedWindowCounter {
  #windows = new Map<string, { window: number; count: number }>();

  /** Counts a request; returns the seconds until the window ends when `limit` is exceeded, else null. */
  hit(key: string, limit: number, nowMs: number, periodMs = 60_000): number | null {
    const window = Math.floor(nowMs / periodMs);
    const entry = this.#windows.get(key);
    const count = entry && entry.window === window ? entry.count + 1 : 1;
    this.#windows.set(key, { window, count });
    if (count <= limit) return null;
    return Math.max(1, Math.ceil(((window + 1) * periodMs - nowMs) / 1000));
  }

  reset(): void {
    this.#windows.clear();
  }
}

const CONTACT_SEARCH = /^\/api\/v1\/accounts\/([^/]+)\/contacts\/search\/?$/;
const CONVERSATIONS_META = /^\/api\/v1\/accounts\/([^/]+)\/conversations\/meta\/?$/;

/**
 * The throttles of `config/initializers/rack_attack.rb` (doc §5.3). Real Chatwoot safelists 127.0.0.1; the
 * sandbox does not, because every client of it is local and the limits would otherwise never apply.
 */
export function installRateLimits(app: FastifyInstance, config: ChatwootConfig, counter: FixedWindowCounter): void {
  app.addHook("preHandler", async (req, reply) => {
    const path = req.url.split("?")[0] ?? req.url;
    if (path.startsWith("/_sim")) return;
    const now = config.now();
    const { limits } = config;
    const checks: [string, number][] = [[`req/ip:${req.ip}`, limits.perIpPerMinute]];
    const search = CONTACT_SEARCH.exec(path);
    if (search) checks.push([`contact_search:${search[1]}`, limits.contactSearchPerMinute]);
    if (req.method === "GET" && CONVERSATIONS_META.test(path)) {
      checks.push([`conversations_meta:${accessToken(req) ?? req.ip}`, limits.conversationsMetaPerMinute]);
    }
    for (const [key, limit] of checks) {
      if (limit <= 0) continue;
      const retryAfter = counter.hit(key, limit, now);
      if (retryAfter === null) continue;
      if (limits.retryAfterHeader) reply.header("retry-after", String(retryAfter));
      return reply.code(429).type("text/plain").send(THROTTLED_BODY);
    }
  });
}
