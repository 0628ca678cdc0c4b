import type { FastifyInstance } from "fastify";
import { botInbound } from "../../db/schema/index.ts";
import type { Deps } from "../../deps.ts";
import { enqueue } from "../../jobs/enqueue.ts";
import { newId } from "../../lib/ids.ts";
import type { Headers } from "../../platforms/types.ts";
import { loadInbox } from "../inboxes.ts";
import { INBOX_ID } from "../settings.ts";
import { hasWebhook, inboundFor } from "./registry.ts";

type Params = { workspaceId: string; inboxId: string };
const WORKSPACE_ID = /^wsp_[0-9a-z]{22}$/;

/**
 * `POST /webhooks/bot/:workspaceId/:inboxId`: a bot's own webhook (Chatwoot agent bot `outgoing_url`, LiveChat bot
 * webhooks). verify → dedupe → store with its job in one transaction → 200; nothing else on the request path.
 */
export async function botWebhookRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    "*",
    { parseAs: "buffer", bodyLimit: deps.config.WEBHOOK_MAX_BODY_BYTES },
    (_req, body, done) => done(null, body),
  );
  app.post<{ Params: Params }>("/webhooks/bot/:workspaceId/:inboxId", async (req, reply) => {
    const { workspaceId, inboxId } = req.params;
    const fail = (status: number, code: string, reason: string) =>
      reply
        .code(status)
        .send({ error: { code, reason, message: `bot webhook rejected: ${reason}`, requestId: req.id } });
    if (!WORKSPACE_ID.test(workspaceId) || !INBOX_ID.test(inboxId)) return fail(404, "not_found", "unknown_inbox");
    const inbox = await loadInbox(deps.database.db, deps.secretKey, workspaceId, inboxId);
    if (!inbox) return fail(404, "not_found", "unknown_inbox");
    if (!hasWebhook(inbox.settings.channel)) return fail(404, "not_found", "channel_without_webhooks");
    const channel = inboundFor(inbox.settings.channel);
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const verified = channel.verify({
      rawBody,
      headers: req.headers as Headers,
      credentials: inbox.credentials,
      nowMs: deps.now(),
    });
    if (!verified.ok) {
      req.log.warn({ inboxId, reason: verified.reason }, "bot webhook rejected");
      const status =
        verified.reason === "malformed_json" ||
        verified.reason === "empty_body" ||
        verified.reason === "invalid_envelope"
          ? 400
          : 401;
      return fail(status, status === 400 ? "bad_request" : "unauthorized", verified.reason);
    }
    const id = newId("bev");
    // A customer's messages in one conversation are answered in order. Everything else (a human writing, status
    // changes) runs at once, never behind an answer being written: that is how a takeover stops the answer.
    const event = channel.parse(verified.body);
    const customer = event.kind === "message" && event.message.author === "customer";
    const queue = customer ? `bot:${inboxId}:${event.conversationId}`.slice(0, 120) : undefined;
    const stored = await deps.database.db.transaction(async (tx) => {
      const rows = await tx
        .insert(botInbound)
        .values({ id, workspaceId, inboxId, dedupeKey: verified.dedupeKey.slice(0, 200), body: verified.body })
        .onConflictDoNothing()
        .returning({ id: botInbound.id });
      if (rows.length === 0) return false;
      await enqueue(tx, "bot-handle", { inboundId: id }, queue ? { queue } : {});
      return true;
    });
    return reply.code(200).send(stored ? { ok: true, id } : { ok: true, duplicate: true });
  });
}
