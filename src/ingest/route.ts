import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Logger } from "pino";
import { isPlatformId, type PlatformId } from "../domain/platform.ts";
import type { ErrorCode } from "../lib/errors.ts";
import { ERROR_CODES } from "../lib/errors.ts";
import type { Metrics } from "../lib/metrics.ts";
import type { Headers } from "../platforms/types.ts";
import { type IngestDeps, type IngestOutcome, type IngestRejectReason, ingest, type RefusedBody } from "./ingest.ts";
import type { RejectionRecorder } from "./rejections.ts";

export type IngestRouteDeps = IngestDeps & {
  recorder: RejectionRecorder;
  metrics: Metrics;
  log: Logger;
  bodyLimit: number;
  now: () => number;
};

/**
 * One exhaustive mapping from rejection reason to the HTTP answer; its keys are also the closed list of `reason`
 * label values and stored reasons. Rejections are never 5xx.
 */
export const REJECTION_CODES: Record<IngestRejectReason, ErrorCode> = {
  unknown_platform: "not_found",
  unknown_connection: "not_found",
  platform_mismatch: "not_found",
  missing_signature: "unauthorized",
  bad_signature: "unauthorized",
  bad_secret: "unauthorized",
  stale_timestamp: "unauthorized",
  secret_not_configured: "unauthorized",
  empty_body: "bad_request",
  malformed_json: "bad_request",
  invalid_envelope: "bad_request",
  bad_encoding: "bad_request",
  json_too_deep: "bad_request",
  json_too_many_keys: "bad_request",
  unreadable_body: "bad_request",
  unsupported_media_type: "unsupported_media_type",
  body_too_large: "payload_too_large",
};

/**
 * Metric labels come from closed lists only: a platform name from the URL becomes a label only when it is in the
 * registry, so made-up names cannot grow /metrics (every other label here is an outcome or reason from a union).
 */
export const platformLabel = (name: string): PlatformId | "unknown" => (isPlatformId(name) ? name : "unknown");

/** What the HTTP layer refused before the handler ran: a 4xx Fastify error becomes an ingest rejection. */
function refusedBody(error: { statusCode?: number; code?: string }): RefusedBody | null {
  if (error.statusCode === 413 || error.code === "FST_ERR_CTP_BODY_TOO_LARGE") return "body_too_large";
  if (error.statusCode === 415 || error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") return "unsupported_media_type";
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) return "unreadable_body";
  return null;
}

type Params = { platform: string; connectionId: string };

/** `POST /webhooks/:platform/:connectionId`: raw bytes in (the parser is scoped to this plugin), capped in size. */
export async function ingestRoutes(app: FastifyInstance, deps: IngestRouteDeps): Promise<void> {
  app.removeAllContentTypeParsers();
  // Every media type reaches ingest as bytes, so one rule (body-rules.ts) judges them all, per platform alike.
  app.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: deps.bodyLimit }, (_req, body, done) =>
    done(null, body),
  );

  const answer = async (
    req: FastifyRequest<{ Params: Params }>,
    reply: FastifyReply,
    outcome: IngestOutcome,
    rawBody: Buffer,
    started: number,
  ) => {
    const platform = platformLabel(req.params.platform);
    deps.metrics.ingestLatency.observe({ platform, outcome: outcome.kind }, (performance.now() - started) / 1000);
    switch (outcome.kind) {
      case "accepted":
        deps.metrics.webhooksReceived.inc({ platform });
        return reply.code(200).send({ ok: true, eventId: outcome.eventId });
      case "duplicate":
        deps.metrics.webhooksDuplicate.inc({ platform });
        return reply.code(200).send({ ok: true, duplicate: true });
      case "handshake":
        deps.metrics.webhookHandshakes.inc({ platform });
        return reply.code(200).headers(outcome.headers).send("");
      case "rejected": {
        deps.metrics.webhooksRejected.inc({ platform, reason: outcome.reason });
        const code = REJECTION_CODES[outcome.reason];
        const recordedAs = await deps.recorder
          .record(outcome, { platform, rawBody, headers: req.headers as Headers, nowMs: deps.now() })
          .catch((error: unknown) => {
            req.log.error({ err: error }, "could not record a rejected webhook");
            return null;
          });
        req.log.warn(
          { platform, connectionId: req.params.connectionId.slice(0, 64), reason: outcome.reason, recordedAs },
          "webhook rejected",
        );
        return reply.code(ERROR_CODES[code]).send({
          error: {
            code,
            reason: outcome.reason,
            message: `webhook rejected: ${outcome.reason}${outcome.detail ? ` (${outcome.detail})` : ""}`,
            requestId: req.id,
          },
        });
      }
    }
  };

  const run = async (
    req: FastifyRequest<{ Params: Params }>,
    reply: FastifyReply,
    rawBody: Buffer | { refused: RefusedBody; detail?: string },
  ) => {
    const started = performance.now();
    const outcome = await ingest(deps, {
      platform: req.params.platform,
      connectionId: req.params.connectionId,
      rawBody,
      headers: req.headers as Headers,
      nowMs: deps.now(),
    });
    return answer(req, reply, outcome, Buffer.isBuffer(rawBody) ? rawBody : Buffer.alloc(0), started);
  };

  app.setErrorHandler(
    async (error: { statusCode?: number; code?: string }, req: FastifyRequest<{ Params: Params }>, reply) => {
      // A body the HTTP layer could not read (too large, an unparsable Content-Type, a broken length) is the
      // sender's fault: it goes through ingest like any rejection, so it is attributed, counted and answered 4xx.
      const refused = refusedBody(error);
      if (refused && !reply.sent) return run(req, reply, { refused });
      req.log.error({ err: error }, "webhook ingest failed");
      deps.metrics.ingestLatency.observe({ platform: platformLabel(req.params.platform), outcome: "error" }, 0);
      // The platform will retry: nothing was stored, so nothing is lost.
      return reply
        .code(503)
        .send({ error: { code: "unavailable", message: "could not store the webhook, retry", requestId: req.id } });
    },
  );

  app.post<{ Params: Params }>("/webhooks/:platform/:connectionId", async (req, reply) =>
    run(req, reply, Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0)),
  );
}
