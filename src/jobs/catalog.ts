import { z } from "zod";

/**
 * Every job the worker runs: name → payload schema and retry budget (graphile-worker retries a failed job with
 * exponential backoff until `maxAttempts`). Adding a job: an entry here, `enqueue(tx, name, payload)` in the
 * caller's transaction, and its handler in the worker's task list, which is a `Record<JobName, Task>`: a job here
 * without a handler fails `tsc`.
 */
export const JOBS = {
  "process-webhook": { payload: z.object({ eventId: z.string() }), maxAttempts: 10 },
  "prune-rejected-webhooks": { payload: z.object({}).passthrough(), maxAttempts: 3 },
  /** Our own retry schedule lives on the command row; the job's attempts only cover infrastructure errors. */
  "execute-command": { payload: z.object({ commandId: z.string() }), maxAttempts: 5 },
  /**
   * The same for availability writes (target states), run by a worker pool of their own: an availability write
   * never waits behind a message post or a backlog of webhooks to process.
   */
  "execute-availability": { payload: z.object({ commandId: z.string() }), maxAttempts: 5 },
  "maintain-subscriptions": { payload: z.object({}).passthrough(), maxAttempts: 3 },
  "reconcile-tick": { payload: z.object({ tick: z.number().int().min(0) }), maxAttempts: 3 },
  /** Posts a chat's new messages to the agent's Team Messaging conversation, several at a time. */
  "mirror-messages": { payload: z.object({ conversationId: z.string() }), maxAttempts: 10 },
  /** Queued by older versions (one look per call): now joins its connection's batch read. */
  "fetch-call-log": {
    payload: z.object({ conversationId: z.string(), attempt: z.number().int().min(1) }),
    maxAttempts: 3,
  },
  /** The agent bot handles one verified bot webhook (answer, hand off, or note who owns the conversation). */
  "bot-handle": { payload: z.object({ inboundId: z.string() }), maxAttempts: 5 },
  /** Built-in chat: routes a workspace's queued conversations in FIFO order (one run at a time per workspace). */
  "chat-route": { payload: z.object({ workspaceId: z.string() }), maxAttempts: 25 },
  /** Built-in chat offer mode: an offer not accepted in time goes to the next candidate. */
  "chat-offer-timeout": { payload: z.object({ workspaceId: z.string(), offerId: z.string() }), maxAttempts: 10 },
  /** RingCentral publishes the call log 15–30 s after a call: one batch read per connection covers every call. */
  "sync-call-log": { payload: z.object({ connectionId: z.string() }), maxAttempts: 5 },
  /** A long RingCentral admin operation (bulk change, apply): resumes from its row's progress. */
  "rc-admin-job": { payload: z.object({ jobId: z.string() }), maxAttempts: 10 },
  /** One call recording through the voice pipeline; transient failures retried with the worker's backoff. */
  "process-recording": { payload: z.object({ conversationId: z.string() }), maxAttempts: 25 },
  /**
   * Finds or creates the customer's contact on one connection's platform. A job rather than a command kind: it is a
   * find-or-create keyed by the customer, recorded as a platform identity, so it is naturally idempotent.
   */
  "sync-customer-contact": {
    payload: z.object({ customerId: z.string(), connectionId: z.string() }),
    maxAttempts: 8,
  },
  /** Deletes stored recordings older than VOICE_RETENTION_DAYS. */
  "purge-recordings": { payload: z.object({}).passthrough(), maxAttempts: 3 },
} as const;

export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]["payload"]>;
