import type { FastifyError, FastifyInstance } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { ApiError, ERROR_CODES, type ErrorCode } from "../lib/errors.ts";

// The error types live below the HTTP layer (services throw them); re-exported for the route modules.
export { ApiError, ERROR_CODES, type ErrorCode, notFound } from "../lib/errors.ts";

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
