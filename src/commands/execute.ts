import { and, eq, gt, inArray, ne } from "drizzle-orm";
import { botSendCheck, isBotCommand, sendBotCommand } from "../bot/channels/send.ts";
import { ConnectionConfigError } from "../connections/clients.ts";
import { circuitBreakers, commands, connections } from "../db/schema/index.ts";
import type { Deps } from "../deps.ts";
import type { PlatformError } from "../lib/http-client.ts";
import { notifyLive } from "../sync/live.ts";
import { nextRetryDelayMs } from "./backoff.ts";
import type { CircuitBreaker } from "./circuit-breaker.ts";
import { sendCommand } from "./executors.ts";
import { type CommandPayload, commandPayloadSchema, TARGET_STATE_KINDS } from "./kinds.ts";
import { enqueueCommand } from "./repo.ts";

type CommandRow = typeof commands.$inferSelect;
export type CommandSucceeded = (cmd: CommandRow, payload: CommandPayload) => Promise<void>;

/**
 * Runs one command: skips it when already done or superseded by a newer target for the same agent, waits out an
 * open circuit, sends it, and records the outcome. Waiting for a rate-limit window is no attempt: the command is
 * rescheduled for the window's end and never dead-lettered for it. Retryable failures are rescheduled with backoff;
 * the last attempt, or a failure that cannot succeed, dead-letters the command for a person to see.
 */
export async function executeCommand(
  deps: Deps,
  breaker: CircuitBreaker,
  commandId: string,
  onSucceeded?: CommandSucceeded,
): Promise<void> {
  const db = deps.database.db;
  const [cmd] = await db
    .update(commands)
    .set({ status: "running", updatedAt: new Date(deps.now()) })
    .where(and(eq(commands.id, commandId), inArray(commands.status, ["pending", "failed", "running"])))
    .returning();
  if (!cmd) return;

  if (cmd.agentId && TARGET_STATE_KINDS.includes(cmd.kind as CommandPayload["kind"])) {
    const [newer] = await db
      .select({ id: commands.id })
      .from(commands)
      .where(
        and(
          eq(commands.agentId, cmd.agentId),
          eq(commands.connectionId, cmd.connectionId),
          eq(commands.kind, cmd.kind),
          gt(commands.id, cmd.id),
          ne(commands.status, "dead"),
        ),
      )
      .limit(1);
    if (newer) {
      await finish(deps, cmd, { status: "superseded", lastError: `superseded by ${newer.id}` });
      return;
    }
  }

  // The circuit's shared state comes with the connection: no extra query while it is closed.
  const [row] = await db
    .select({ connection: connections, circuit: circuitBreakers })
    .from(connections)
    .leftJoin(circuitBreakers, eq(circuitBreakers.connectionId, connections.id))
    .where(eq(connections.id, cmd.connectionId));
  const connection = row?.connection;
  const circuit = row?.circuit ?? null;
  if (!connection || connection.deletedAt) {
    await finish(deps, cmd, { status: "dead", lastError: "the connection was deleted" });
    return;
  }
  const wait = await breaker.waitMs(connection.id, circuit, deps.now());
  if (wait > 0) {
    await waitForWindow(deps, cmd, wait, `${connection.name} to recover (circuit open)`);
    return;
  }

  const payload = commandPayloadSchema.parse(cmd.payload);
  if (isBotCommand(payload)) {
    // Checked again at send time: an answer for a conversation a human took over meanwhile is never sent.
    const dropped = await botSendCheck(deps, cmd.workspaceId, payload);
    if (dropped) {
      await finish(deps, cmd, { status: "superseded", lastError: dropped, completedAt: new Date(deps.now()) });
      return;
    }
  }
  const send = isBotCommand(payload)
    ? sendBotCommand(deps, connection, cmd.workspaceId, payload)
    : sendCommand(deps.clients, connection, payload);
  const outcome = await send.catch((error: unknown) => {
    if (error instanceof ConnectionConfigError)
      return { ok: false as const, error: { kind: "auth" as const, message: error.message, retryable: false } };
    throw error;
  });
  const attempts = cmd.attempts + 1;
  if (outcome.ok) {
    await breaker.succeeded(connection.id, circuit);
    await finish(deps, cmd, {
      status: "succeeded",
      attempts,
      externalId: outcome.value.externalId ?? null,
      lastError: null,
      completedAt: new Date(deps.now()),
      waitingUntil: null,
      waitingReason: null,
    });
    await onSucceeded?.(cmd, payload);
    return;
  }
  await failed(deps, breaker, cmd, attempts, outcome.error);
}

async function failed(
  deps: Deps,
  breaker: CircuitBreaker,
  cmd: CommandRow,
  attempts: number,
  error: PlatformError,
): Promise<void> {
  // A rate-limit window (our shared budget, or the platform's 429) is not a failed attempt: wait it out, never
  // dead-letter for it. The attempt count stays as it was.
  const waitingFor = error.waitingFor ?? (error.status === 429 ? `${cmd.platform}'s rate limit` : undefined);
  if (waitingFor !== undefined) {
    await waitForWindow(deps, cmd, error.retryAfterMs ?? RATE_WINDOW_FALLBACK_MS, waitingFor);
    return;
  }
  const lastError = `${error.status ? `HTTP ${error.status} ` : ""}${error.code ? `${error.code}: ` : ""}${error.message}`;
  // Only signs that the platform is unwell open the circuit: timeouts, network errors, 5xx. Rate limits (ours or
  // the platform's 429) already say when to come back, and a refused command is the command's own fault.
  const unwell = error.kind === "network" || error.kind === "timeout" || (error.status ?? 0) >= 500;
  if (unwell) await breaker.failed(cmd.connectionId, deps.now());
  if (!error.retryable || attempts >= cmd.maxAttempts) {
    await finish(deps, cmd, {
      status: "dead",
      attempts,
      lastError,
      completedAt: new Date(deps.now()),
      waitingUntil: null,
      waitingReason: null,
    });
    deps.log.warn({ commandId: cmd.id, kind: cmd.kind, lastError, attempts }, "command dead-lettered");
    return;
  }
  const delay = nextRetryDelayMs({ attempt: attempts, retryAfterMs: error.retryAfterMs });
  const runAt = new Date(deps.now() + delay);
  await deps.database.db.transaction(async (tx) => {
    await tx
      .update(commands)
      .set({
        status: "failed",
        attempts,
        lastError,
        waitingUntil: runAt,
        waitingReason: null,
        updatedAt: new Date(deps.now()),
      })
      .where(eq(commands.id, cmd.id));
    await enqueueCommand(tx, cmd, runAt);
  });
  await notifyLive(deps.database.db, { workspaceId: cmd.workspaceId, type: "command.updated", id: cmd.id });
  deps.metrics.commands.inc({ platform: cmd.platform, kind: cmd.kind, outcome: "retry" });
}

/** Used when a platform says "too many" without saying for how long. */
const RATE_WINDOW_FALLBACK_MS = 30_000;

/**
 * Puts the command back to pending until `waitMs` from now, attempts unchanged: it waits for a window (a rate
 * budget, an open circuit), which says nothing about whether the command can succeed.
 */
async function waitForWindow(deps: Deps, cmd: CommandRow, waitMs: number, reason: string): Promise<void> {
  // A little spread, so commands that waited for the same window do not all come back in the same millisecond.
  const runAt = new Date(deps.now() + Math.max(1, Math.round(waitMs + Math.random() * 250)));
  await deps.database.db.transaction(async (tx) => {
    await tx
      .update(commands)
      .set({ status: "pending", waitingUntil: runAt, waitingReason: reason, updatedAt: new Date(deps.now()) })
      .where(eq(commands.id, cmd.id));
    await enqueueCommand(tx, cmd, runAt);
  });
  await notifyLive(deps.database.db, { workspaceId: cmd.workspaceId, type: "command.updated", id: cmd.id });
  deps.metrics.commands.inc({ platform: cmd.platform, kind: cmd.kind, outcome: "waiting" });
}

async function finish(
  deps: Deps,
  cmd: CommandRow,
  set: Partial<CommandRow> & { status: CommandRow["status"] },
): Promise<void> {
  await deps.database.db
    .update(commands)
    .set({ ...set, updatedAt: new Date(deps.now()) })
    .where(eq(commands.id, cmd.id));
  await notifyLive(deps.database.db, { workspaceId: cmd.workspaceId, type: "command.updated", id: cmd.id });
  deps.metrics.commands.inc({ platform: cmd.platform, kind: cmd.kind, outcome: set.status });
}
