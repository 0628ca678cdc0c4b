import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Logger } from "pino";
import type { ErrorCode } from "../http/errors.ts";
import { ERROR_CODES } from "../http/errors.ts";
import type { Metrics } from "../lib/metrics.ts";
import type { Headers } from "../platforms/types.ts";
import { type IngestDeps, type IngestOutcome, type IngestRejectReason, ingest } from "./ingest.ts";
import type { RejectionRecorder } from "./rejections.ts";

export type IngestRouteDeps = IngestDeps & {
  recorder: RejectionRecorder;
  metrics: Metrics;
  log: Logger;
  bodyLimit: number;
  now: () => number;
};

/** One exhaustive mapping from rejection reason to the HTTP answer. Rejections are never 5xx. */
export function rejectionCode(reason: IngestRejectReason): ErrorCode {
  switch (reason) {
    case "unknown_platform":
    case "unknown_connection":
    case "platform_mismatch":
      return "not_found";
    case "missing_signature":
    case "bad_signature":
    case "bad_secret":
    case "stale_timestamp":
    case "secret_not_configured":
      return "unauthorized";
    case "empty_body":
    case "malformed_json":
    case "invalid_envelope":
      return "bad_request";
    case "body_too_large":
      return "payload_too_large";
  }
}

type Params = { platform: string; connectionId: string };

/** `POST /webhooks/:platform/:connectionId`: raw bytes in (the parser is scoped to this plugin), capped in size. */
export async function ingestRoutes(app: FastifyInstance, deps: IngestRouteDeps): Promise<void> {
  app.removeAllContentTypeParsers();
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
    const { platform } = req.params;
    const metricPlatform = outcome.kind === "rejected" && outcome.reason === "unknown_platform" ? "unknown" : platform;
    deps.metrics.ingestLatency.observe(
      { platform: metricPlatform, outcome: outcome.kind },
      (performance.now() - started) / 1000,
    );
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
        deps.metrics.webhooksRejected.inc({ platform: metricPlatform, reason: outcome.reason });
        const code = rejectionCode(outcome.reason);
        const recordedAs = await deps.recorder
          .record(outcome, { platform, rawBody, headers: req.headers as Headers, nowMs: deps.now() })
          .catch((error: unknown) => {
            req.log.error({ err: error }, "could not record a rejected webhook");
            return null;
          });
        req.log.warn(
          { platform, connectionId: req.params.connectionId, reason: outcome.reason, recordedAs },
          "webhook rejected",
        );
        return reply.code(ERROR_CODES[code]).send({
          error: { code, reason: outcome.reason, message: `webhook rejected: ${outcome.reason}`, requestId: req.id },
        });
      }
    }
  };

  app.setErrorHandler(
    async (error: { statusCode?: number; code?: string }, req: FastifyRequest<{ Params: Params }>, reply) => {
      const started = performance.now();
      if (error.statusCode === 413 || error.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
        const connection = await deps.connections.get(req.params.connectionId).catch(() => null);
        const outcome: IngestOutcome = {
          kind: "rejected",
          reason: "body_too_large",
          connection: connection ?? undefined,
        };
        return answer(req, reply, outcome, Buffer.alloc(0), started);
      }
      req.log.error({ err: error }, "webhook ingest failed");
      deps.metrics.ingestLatency.observe(
        { platform: req.params.platform, outcome: "error" },
        (performance.now() - started) / 1000,
      );
      // The platform will retry: nothing was stored, so nothing is lost.
      return reply
        .code(503)
        .send({ error: { code: "unavailable", message: "could not store the webhook, retry", requestId: req.id } });
    },
  );

  app.post<{ Params: Params }>("/webhooks/:platform/:connectionId", async (req, reply) => {
    const started = performance.now();
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const outcome = await ingest(deps, {
      platform: req.params.platform,
      connectionId: req.params.connectionId,
      rawBody,
      headers: req.headers as Headers,
      nowMs: deps.now(),
    });
    return answer(req, reply, outcome, rawBody, started);
  });
}
