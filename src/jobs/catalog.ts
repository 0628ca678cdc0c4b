import { z } from "zod";

/** Every job the worker runs: name → payload schema and retry budget. Adding a job starts here. */
export const JOBS = {
  "process-webhook": { payload: z.object({ eventId: z.string() }), maxAttempts: 10 },
  "prune-rejected-webhooks": { payload: z.object({}).passthrough(), maxAttempts: 3 },
  /** Our own retry schedule lives on the command row; the job's attempts only cover infrastructure errors. */
  "execute-command": { payload: z.object({ commandId: z.string() }), maxAttempts: 5 },
  "maintain-subscriptions": { payload: z.object({}).passthrough(), maxAttempts: 3 },
  "reconcile-tick": { payload: z.object({ tick: z.number().int().min(0) }), maxAttempts: 3 },
  /** Posts a chat's new messages to the agent's Team Messaging conversation, several at a time. */
  "mirror-messages": { payload: z.object({ conversationId: z.string() }), maxAttempts: 10 },
  /** RingCentral publishes the call log 15–30 s after a call: polled with backoff. */
  "fetch-call-log": {
    payload: z.object({ conversationId: z.string(), attempt: z.number().int().min(1) }),
    maxAttempts: 3,
  },
  /** One call recording through the voice pipeline; transient failures retried with the worker's backoff. */
  "process-recording": { payload: z.object({ conversationId: z.string() }), maxAttempts: 25 },
  /** Deletes stored recordings older than VOICE_RETENTION_DAYS. */
  "purge-recordings": { payload: z.object({}).passthrough(), maxAttempts: 3 },
} as const;

export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]["payload"]>;
