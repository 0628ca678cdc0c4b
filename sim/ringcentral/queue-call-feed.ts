import type { SimContext } from "./context.ts";
import { generateQueueCalls } from "./queue-calls.ts";

/** Queue calls the sandbox makes by itself: a backfill of past days at start, then a steady trickle. */
export type QueueCallFeed = { backfillDays: number; perDay: number };

const DAY_MS = 86_400_000;
const TICK_MS = 60_000;
/** Trickled calls start this long ago, so even the longest (wait + talk < 12 min) has ended when it is logged. */
const ENDED_MS = 12 * 60_000;

/**
 * How many calls a tick makes: the day's rate over the elapsed time plus what earlier ticks left over (fractions
 * carry, so 240 a day at one tick a minute makes one call every 6 minutes, not none).
 */
export function trickleCount(perDay: number, elapsedMs: number, carry: number): { count: number; carry: number } {
  const exact = carry + (Math.max(0, perDay) * Math.max(0, elapsedMs)) / DAY_MS;
  const count = Math.floor(exact);
  return { count, carry: exact - count };
}

/** The backfill: `perDay` calls for each of the last `backfillDays` days, spread over them. */
export function backfillQueueCalls(ctx: SimContext, feed: QueueCallFeed, seed: number): number {
  const now = ctx.config.now();
  const count = Math.round(feed.backfillDays * feed.perDay);
  if (count <= 0) return 0;
  const entries = generateQueueCalls(ctx.dir, ctx.admin, {
    count,
    fromMs: now - feed.backfillDays * DAY_MS,
    toMs: now - ENDED_MS,
    seed,
    availableAt: now,
  });
  ctx.calls.callLog.push(...entries);
  return entries.length;
}

/** Backfills now and trickles every minute until stopped (the timer does not keep the process alive). */
export function startQueueCallFeed(ctx: SimContext, feed: QueueCallFeed): { refill(): void; stop(): void } {
  let seed = 1;
  let last = ctx.config.now();
  let carry = 0;
  backfillQueueCalls(ctx, feed, seed++);
  const timer = setInterval(() => {
    const now = ctx.config.now();
    const tick = trickleCount(feed.perDay, now - last, carry);
    last = now;
    carry = tick.carry;
    if (tick.count === 0) return;
    const entries = generateQueueCalls(ctx.dir, ctx.admin, {
      count: tick.count,
      fromMs: now - ENDED_MS - TICK_MS,
      toMs: now - ENDED_MS,
      seed: seed++,
      availableAt: now,
    });
    ctx.calls.callLog.push(...entries);
  }, TICK_MS);
  timer.unref();
  return {
    // After a reset the call log is empty again: the backfill is made anew.
    refill: () => {
      last = ctx.config.now();
      carry = 0;
      backfillQueueCalls(ctx, feed, seed++);
    },
    stop: () => clearInterval(timer),
  };
}
