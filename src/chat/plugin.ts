import { pruneRateLimits } from "../db/rate-limits.ts";
import type { Deps } from "../deps.ts";
import { chatBusFor } from "./bus.ts";
import { expireOffer } from "./offers.ts";
import { routeQueue } from "./route-run.ts";

/** The built-in chat engine's jobs, for the worker's task list. */
export function chatTasks(deps: Deps) {
  const bus = chatBusFor(deps.database.pool);
  const db = deps.database.db;
  return {
    route: async (workspaceId: string) => {
      const result = await routeQueue(db, workspaceId, deps.now);
      await bus.publish(result.notices);
      // Old rate-limit windows go with the routing runs (both are light and per workspace).
      if (Math.random() < 0.05) await pruneRateLimits(db, Date.now() - 3_600_000); // the limiter library counts on the wall clock;
    },
    offerTimeout: async (workspaceId: string, offerId: string) => {
      const notices = await db.transaction((tx) => expireOffer(tx, workspaceId, offerId, deps.now()));
      await bus.publish(notices);
    },
  };
}
