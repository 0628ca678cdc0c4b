import { z } from "zod";

/** Every job the worker runs: name → payload schema and retry budget. Adding a job starts here. */
export const JOBS = {
  "process-webhook": { payload: z.object({ eventId: z.string() }), maxAttempts: 10 },
  "prune-rejected-webhooks": { payload: z.object({}).passthrough(), maxAttempts: 3 },
  /** Our own retry schedule lives on the command row; the job's attempts only cover infrastructure errors. */
  "execute-command": { payload: z.object({ commandId: z.string() }), maxAttempts: 5 },
} as const;

export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]["payload"]>;
