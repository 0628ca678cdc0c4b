import type { DbOrTx } from "../db/database.ts";
import { commands } from "../db/schema/index.ts";
import { enqueue } from "../jobs/enqueue.ts";
import { newId } from "../lib/ids.ts";
import { type CommandPayload, TARGET_STATE_KINDS } from "./kinds.ts";

export type NewCommand = {
  workspaceId: string;
  connectionId: string;
  platform: string;
  agentId?: string;
  payload: CommandPayload;
  idempotencyKey: string;
  cause?: string;
};

/** Jobs for one agent on one connection run in order, one at a time, across all workers. */
export const commandQueue = (connectionId: string, agentId?: string | null) => `cmd:${connectionId}:${agentId ?? "-"}`;

type Enqueued = { id: string; connectionId: string; agentId?: string | null; kind: string };

/**
 * Adds the job that executes a command (now, or at `runAt` for a retry). Availability writes (target states) go
 * to their own job and per-agent queue, which a worker pool of their own runs: ordered among themselves, they
 * never wait behind a Team Messaging post or a call note for the same agent, nor behind webhook processing.
 */
export async function enqueueCommand(tx: DbOrTx, cmd: Enqueued, runAt?: Date): Promise<void> {
  const availability = (TARGET_STATE_KINDS as readonly string[]).includes(cmd.kind);
  const queue = availability
    ? `avail:${cmd.connectionId}:${cmd.agentId ?? "-"}`
    : commandQueue(cmd.connectionId, cmd.agentId);
  await enqueue(
    tx,
    availability ? "execute-availability" : "execute-command",
    { commandId: cmd.id },
    {
      queue,
      ...(runAt ? { runAt } : {}),
    },
  );
}

/**
 * Records commands and their jobs in the caller's transaction. A command whose idempotency key exists already is
 * the same decision seen again (a replayed event, a retried job): nothing new is sent.
 */
export async function issueCommands(tx: DbOrTx, list: NewCommand[]): Promise<string[]> {
  const ids: string[] = [];
  for (const c of list) {
    const id = newId("cmd");
    const inserted = await tx
      .insert(commands)
      .values({
        id,
        workspaceId: c.workspaceId,
        connectionId: c.connectionId,
        platform: c.platform,
        agentId: c.agentId,
        kind: c.payload.kind,
        payload: c.payload,
        idempotencyKey: c.idempotencyKey,
        cause: c.cause,
      })
      .onConflictDoNothing({ target: [commands.workspaceId, commands.idempotencyKey] })
      .returning({ id: commands.id });
    if (inserted.length === 0) continue;
    await enqueueCommand(tx, { id, connectionId: c.connectionId, agentId: c.agentId, kind: c.payload.kind });
    ids.push(id);
  }
  return ids;
}
