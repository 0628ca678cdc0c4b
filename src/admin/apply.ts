import { z } from "zod";
import { ApiError } from "../lib/errors.ts";
import type { AdminCall, RequestDescription } from "./calls.ts";
import { type AdminTarget, mustSend } from "./gateway.ts";
import { readLiveAccount } from "./live.ts";
import { PLACEHOLDER, type PlannedRequest, planSetup } from "./plan.ts";
import { overflowNeeded, type Setup } from "./setup.ts";

/** A planned request back as a call (its answer is not read: the next round re-reads the account). */
export function callOf(request: RequestDescription): AdminCall {
  return {
    operation: request.operation,
    method: request.method,
    path: request.path,
    query: request.query,
    body: request.body,
    group: request.group,
    schema: z.unknown(),
    priority: "messaging",
  };
}

export type ApplyProgress = { round: number; writes: number; planned: number; last?: PlannedRequest };
export type ApplyOutcome =
  | { ok: true; writes: number; rounds: number; sent: PlannedRequest[] }
  | { ok: false; issues: string[]; writes: number };

/** Rounds are needed only for new queues and menus (their ids exist once created); a setup needs at most 3. */
const MAX_ROUNDS = 5;

/**
 * Makes the account match the file: read the account, plan, send every request whose targets exist, in stage
 * order (queues, members, overflow, IVR, hours, numbers), through the shared rate budget; then again until the
 * plan is empty. Resumable by construction: an interrupted apply re-plans from the account as it now is, so
 * what was done is not sent twice, and applying the same file twice sends no writes the second time.
 */
export async function applySetup(
  target: AdminTarget,
  setup: Setup,
  options: { maxWaitMs?: number; onProgress?: (p: ApplyProgress) => Promise<void> } = {},
): Promise<ApplyOutcome> {
  const sent: PlannedRequest[] = [];
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const live = await readLiveAccount(target, { maxWaitMs: options.maxWaitMs, overflowOf: overflowNeeded(setup) });
    const plan = planSetup(setup, live);
    if (!plan.ok) return { ok: false, issues: plan.issues, writes: sent.length };
    if (plan.requests.length === 0) return { ok: true, writes: sent.length, rounds: round, sent };
    const ready = plan.requests.filter((r) => !PLACEHOLDER.test(JSON.stringify([r.path, r.body])));
    if (ready.length === 0) {
      return { ok: false, issues: ["some requests wait for resources that were not created"], writes: sent.length };
    }
    for (const request of ready) {
      await mustSend(target, callOf(request), options.maxWaitMs);
      sent.push(request);
      await options.onProgress?.({
        round,
        writes: sent.length,
        planned: sent.length + plan.requests.length - ready.length,
        last: request,
      });
    }
  }
  throw new ApiError("unprocessable", `the account did not converge after ${MAX_ROUNDS} rounds`);
}
