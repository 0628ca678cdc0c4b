import { z } from "zod";
import type { PlatformError, RawResponse } from "../../lib/http-client.ts";
import { httpError } from "../../lib/http-client.ts";
import { PENALTY_MS } from "./rate-limiter.ts";

/**
 * RingCentral error bodies (platforms/ringcentral.md §5): the spec's `{errors:[{errorCode, message,
 * parameterName?}]}`, real responses' legacy top-level `errorCode`/`message`, and OAuth's
 * `error`/`error_description`. Any mix of them may appear, so every field is optional.
 */
const errorBodySchema = z.looseObject({
  errorCode: z.string().optional(),
  message: z.string().optional(),
  error: z.string().optional(),
  error_description: z.string().optional(),
  description: z.string().optional(),
  errors: z
    .array(
      z.looseObject({
        errorCode: z.string().optional(),
        message: z.string().optional(),
        parameterName: z.string().optional(),
      }),
    )
    .optional(),
});

/** The platform's own code and message: clients key on `errorCode`, never on the message text. */
export function describeError(json: unknown): { code?: string; message?: string } {
  const parsed = errorBodySchema.safeParse(json);
  if (!parsed.success) return {};
  const body = parsed.data;
  const first = body.errors?.[0];
  const code = body.errorCode ?? first?.errorCode ?? body.error;
  const base = body.message ?? body.error_description ?? first?.message ?? body.description;
  const message = base !== undefined && first?.parameterName ? `${base} (parameter ${first.parameterName})` : base;
  return { code, message };
}

/** A non-2xx response as a PlatformError carrying RingCentral's code and message. */
export function rcHttpError(res: RawResponse): PlatformError {
  const { code, message } = describeError(res.json);
  const error = httpError(
    res,
    code,
    message ?? (res.text && res.json === undefined ? res.text.slice(0, 200) : undefined),
  );
  // Without Retry-After the docs say wait at least 30 s; the penalty itself lasts 60 s, so wait that long.
  if (res.status === 429 && error.retryAfterMs === undefined) return { ...error, retryAfterMs: PENALTY_MS };
  return error;
}
