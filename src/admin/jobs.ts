import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { audit } from "../db/audit.ts";
import { rcAdminJobs } from "../db/schema/index.ts";
import type { Deps } from "../deps.ts";
import { enqueue } from "../jobs/enqueue.ts";
import { newId } from "../lib/ids.ts";
import { applySetup } from "./apply.ts";
import { adminCalls, describeCall } from "./calls.ts";
import { type AdminTarget, openTarget, platformApiError, sendCall } from "./gateway.ts";
import { setupSchema } from "./setup.ts";

export type AdminJobRow = typeof rcAdminJobs.$inferSelect;

/** A job waits out a spent rate group (one window) instead of failing: bulk changes are mostly Heavy requests. */
const JOB_MAX_WAIT_MS = 65_000;

export const bulkAssignInput = z.object({
  changes: z
    .array(
      z.object({
        queueId: z.string().regex(/^\d{1,20}$/),
        addedExtensionIds: z
          .array(z.string().regex(/^\d{1,20}$/))
          .max(1000)
          .optional(),
        removedExtensionIds: z
          .array(z.string().regex(/^\d{1,20}$/))
          .max(1000)
          .optional(),
      }),
    )
    .min(1)
    .max(500),
});
const applyInput = z.object({ setup: setupSchema });

export function bulkAssignCalls(input: z.infer<typeof bulkAssignInput>) {
  return input.changes.map((change) =>
    adminCalls.assignMultipleCallQueueMembers(change.queueId, {
      ...(change.addedExtensionIds?.length ? { addedExtensionIds: change.addedExtensionIds } : {}),
      ...(change.removedExtensionIds?.length ? { removedExtensionIds: change.removedExtensionIds } : {}),
    }),
  );
}

/** The job resource the API answers with (202 on creation, then GET). */
export function jobView(row: AdminJobRow) {
  return {
    id: row.id,
    connectionId: row.connectionId,
    kind: row.kind,
    status: row.status,
    progress: { done: row.done, total: row.total },
    requestsSent: row.requestsSent,
    result: row.result ?? null,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    completedAt: row.completedAt?.toISOString() ?? null,
  };
}

/** Stores the job and its graphile-worker job in one transaction: it runs if and only if it was recorded. */
export async function createAdminJob(
  deps: Deps,
  job: {
    workspaceId: string;
    connectionId: string;
    actor: string;
    kind: AdminJobRow["kind"];
    input: unknown;
    total: number;
  },
): Promise<AdminJobRow> {
  const id = newId("rcj");
  return deps.database.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(rcAdminJobs)
      .values({ id, ...job, status: "queued" })
      .returning();
    if (!row) throw new Error("job not stored");
    // One queue per connection: admin jobs of a connection run one after another, across all workers.
    await enqueue(tx, "rc-admin-job", { jobId: id }, { queue: `rc-admin:${job.connectionId}` });
    return row;
  });
}

export async function findAdminJob(deps: Deps, workspaceId: string, connectionId: string, id: string) {
  const [row] = await deps.database.db
    .select()
    .from(rcAdminJobs)
    .where(
      and(eq(rcAdminJobs.workspaceId, workspaceId), eq(rcAdminJobs.connectionId, connectionId), eq(rcAdminJobs.id, id)),
    )
    .limit(1);
  return row;
}

export async function listAdminJobs(deps: Deps, workspaceId: string, connectionId: string) {
  return deps.database.db
    .select()
    .from(rcAdminJobs)
    .where(and(eq(rcAdminJobs.workspaceId, workspaceId), eq(rcAdminJobs.connectionId, connectionId)))
    .orderBy(desc(rcAdminJobs.createdAt))
    .limit(50);
}

async function update(deps: Deps, id: string, set: Partial<typeof rcAdminJobs.$inferInsert>) {
  await deps.database.db
    .update(rcAdminJobs)
    .set({ ...set, updatedAt: new Date() })
    .where(eq(rcAdminJobs.id, id));
}

async function runBulkAssign(deps: Deps, row: AdminJobRow, target: AdminTarget): Promise<unknown> {
  const calls = bulkAssignCalls(bulkAssignInput.parse(row.input));
  // Resumes where a crashed or retried run stopped: bulk-assign is a target state, so a repeat is harmless.
  for (let i = row.done; i < calls.length; i++) {
    const call = calls[i];
    if (!call) break;
    const result = await sendCall(target, call, JOB_MAX_WAIT_MS);
    if (!result.ok) throw platformApiError(result.error);
    await update(deps, row.id, { done: i + 1, requestsSent: row.requestsSent + target.sent });
  }
  return { requests: calls.map(describeCall).length };
}

/** The graphile-worker task: runs (or resumes) one admin job; failures are recorded on the row. */
export async function runAdminJob(deps: Deps, jobId: string): Promise<void> {
  const [row] = await deps.database.db.select().from(rcAdminJobs).where(eq(rcAdminJobs.id, jobId)).limit(1);
  if (!row || row.status === "succeeded" || row.status === "failed") return;
  await update(deps, row.id, { status: "running" });
  const target = await openTarget(deps, row.workspaceId, row.connectionId);
  try {
    let result: unknown;
    if (row.kind === "bulk-assign") {
      result = await runBulkAssign(deps, row, target);
    } else {
      const outcome = await applySetup(target, applyInput.parse(row.input).setup, {
        maxWaitMs: JOB_MAX_WAIT_MS,
        onProgress: async (p) => update(deps, row.id, { done: p.writes, total: Math.max(row.total, p.planned) }),
      });
      if (!outcome.ok) throw new Error(`apply stopped: ${outcome.issues.join("; ")}`);
      result = { writes: outcome.writes, rounds: outcome.rounds, requests: outcome.sent };
    }
    await update(deps, row.id, {
      status: "succeeded",
      result,
      completedAt: new Date(),
      requestsSent: row.requestsSent + target.sent,
    });
    await audit(deps.database.db, {
      workspaceId: row.workspaceId,
      actor: row.actor,
      action: `ringcentral.job.${row.kind}`,
      target: row.connectionId,
      details: { jobId: row.id, input: row.input, result },
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const retryable = /rate|unavailable|timeout|network/i.test(message);
    await update(deps, row.id, {
      status: retryable ? "queued" : "failed",
      lastError: message.slice(0, 1000),
      requestsSent: row.requestsSent + target.sent,
      ...(retryable ? {} : { completedAt: new Date() }),
    });
    // A rate limit or an outage: graphile-worker retries the job with backoff, and it resumes from `done`.
    if (retryable) throw error;
  }
}
