import type { z } from "zod";
import { errorSchema } from "../../src/api/contracts.ts";

type Reply = { status: number; body: unknown };

/**
 * Reads a reply through the route's own zod response schema (the one the route registers, which OpenAPI publishes),
 * instead of casting `res.body as {…}`: a wrong status or a body that breaks the contract fails the test with what
 * was wrong.
 */
export function parseReply<S extends z.ZodType>(schema: S, reply: Reply, status = 200): z.output<S> {
  if (reply.status !== status)
    throw new Error(`expected HTTP ${status}, got ${reply.status}: ${JSON.stringify(reply.body).slice(0, 500)}`);
  const parsed = schema.safeParse(reply.body);
  if (!parsed.success)
    throw new Error(
      `the reply breaks its contract: ${parsed.error.message}\n${JSON.stringify(reply.body).slice(0, 500)}`,
    );
  return parsed.data;
}

/** An error reply (`{ error: { code, message, requestId } }`) with the given status. */
export function parseError(reply: Reply, status: number): z.output<typeof errorSchema>["error"] {
  return parseReply(errorSchema, reply, status).error;
}
