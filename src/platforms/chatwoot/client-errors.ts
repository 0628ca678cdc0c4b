import { z } from "zod";
import type { PlatformError, RawResponse } from "../../lib/http-client.ts";
import { httpError } from "../../lib/http-client.ts";

/*
 * Chatwoot error bodies (platforms/chatwoot.md §5.4, RequestExceptionHandler): `{"error":"…"}` for auth, 404 and
 * most 4xx; `{"message":"…","attributes":[…]}` for validation; `{"errors":["…"]}` from devise_token_auth when no
 * token is sent (UNCONFIRMED); swagger's `{description, errors:[{field,message,code}]}` is not produced by the
 * code, but is read anyway. The rack-attack 429 is text/plain "Retry later" (UNCONFIRMED whether it has a
 * Retry-After header). Chatwoot has no error codes of its own, so `code` names the Rails error class it maps.
 */
const errorItemSchema = z.union([
  z.string(),
  z.looseObject({ message: z.string().nullish(), code: z.string().nullish(), field: z.string().nullish() }),
]);

const errorBodySchema = z.looseObject({
  error: z.string().nullish(),
  message: z.string().nullish(),
  description: z.string().nullish(),
  attributes: z.array(z.string()).nullish(),
  errors: z.union([z.array(errorItemSchema), z.record(z.string(), z.unknown())]).nullish(),
});

/** Per-conversation message limit (CONVERSATION_MESSAGE_PER_MINUTE_LIMIT): a 422, but it clears within a minute. */
const TOO_MANY_MESSAGES = /too many messages/i;
const MESSAGE_WINDOW_MS = 60_000;

export function chatwootError(res: RawResponse): PlatformError {
  const { code, message } = describe(res);
  const error = httpError(res, code, message);
  if (res.status === 422 && message && TOO_MANY_MESSAGES.test(message)) {
    return {
      ...error,
      code: "too_many_messages",
      retryable: true,
      retryAfterMs: error.retryAfterMs ?? MESSAGE_WINDOW_MS,
    };
  }
  return error;
}

function describe(res: RawResponse): { code?: string; message?: string } {
  const parsed = errorBodySchema.safeParse(res.json);
  if (!parsed.success) {
    const text = res.text.trim();
    // Plain-text bodies (rack-attack, proxies) are short messages; HTML error pages are not worth carrying.
    const message = text && text.length <= 200 && !text.startsWith("<") ? text : undefined;
    return { code: res.status === 429 ? "throttled" : undefined, message };
  }
  const body = parsed.data;
  if (body.attributes && body.message) {
    return { code: "record_invalid", message: `${body.message} [${body.attributes.join(", ")}]` };
  }
  const items = Array.isArray(body.errors) ? body.errors : [];
  const first = items[0];
  const itemMessage = typeof first === "string" ? first : (first?.message ?? undefined);
  const itemCode = typeof first === "object" ? (first?.code ?? undefined) : undefined;
  const message = body.error ?? body.message ?? itemMessage ?? body.description ?? undefined;
  return { code: itemCode ?? (res.status === 429 ? "throttled" : undefined), message };
}
