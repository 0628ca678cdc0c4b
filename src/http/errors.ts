import type { FastifyError, FastifyInstance } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";

/** The closed list of error codes the HTTP API answers with. */
export const ERROR_CODES = {
  bad_request: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  request_timeout: 408,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  headers_too_large: 431,
  internal: 500,
  unavailable: 503,
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.code = code;
    this.details = details;
  }
}

export const notFound = (what: string) => new ApiError("not_found", `${what} not found`);

/** One envelope for every error: `{ error: { code, message, requestId, details? } }`; 5xx details never leak. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, req, reply) => {
    let code: ErrorCode;
    let message = error.message;
    let details: unknown;
    if (error instanceof ApiError) {
      code = error.code;
      details = error.details;
    } else if (hasZodFastifySchemaValidationErrors(error)) {
      code = "validation_failed";
      message = "request does not match the schema";
      details = error.validation.map((v) => ({ path: v.instancePath, message: v.message }));
    } else if (error.statusCode === 413) {
      code = "payload_too_large";
    } else if (error.statusCode === 415) {
      code = "unsupported_media_type";
    } else if (error.statusCode === 429) {
      code = "rate_limited";
    } else if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      code = error.statusCode === 404 ? "not_found" : "bad_request";
    } else {
      code = "internal";
      message = "internal error";
      req.log.error({ err: error }, "unhandled error");
    }
    void reply.code(ERROR_CODES[code]).send({ error: { code, message, requestId: req.id, details } });
  });
  app.setNotFoundHandler((req, reply) => {
    void reply.code(404).send({
      error: { code: "not_found", message: `no route ${req.method} ${req.url.split("?")[0]}`, requestId: req.id },
    });
  });
}
