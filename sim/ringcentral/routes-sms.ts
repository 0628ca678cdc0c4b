import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { accountRoute, baseUrl, resolveExtension, type SimContext } from "./context.ts";
import { rcErrors } from "./errors.ts";
import { issueParameter } from "./routes-extensions.ts";
import { digits } from "./state.ts";

/** `CreateSMSMessage`: from, to[] and text are required; text is at most 1000 characters. */
const smsBody = z.object({
  from: z.object({ phoneNumber: z.string().min(1) }),
  to: z.array(z.object({ phoneNumber: z.string().min(1) })).min(1),
  text: z.string().min(1).max(1000),
});

export type SentSms = { id: string; extensionId: string; from: string; to: string[]; text: string; at: string };

/**
 * Send SMS (`POST /restapi/v1.0/account/~/extension/~/sms`, Medium group): `from` must be one of the account's
 * numbers. Sent messages are kept for scenario checks (`GET /_sim/sms`).
 */
export function registerSmsRoutes(app: FastifyInstance, ctx: SimContext): void {
  const sent: SentSms[] = [];
  let seq = 7_000_000_000;

  app.post("/restapi/v1.0/account/:accountId/extension/:extensionId/sms", async (req, reply) => {
    const route = accountRoute(ctx, req, reply, "Medium");
    const ext = route && resolveExtension(ctx, route.caller, reply, route.params.extensionId);
    if (!route || !ext) return reply;
    const body = smsBody.safeParse(req.body ?? {});
    if (!body.success) return rcErrors.invalidParameter(reply, issueParameter(body.error, "body"));
    const from = digits(body.data.from.phoneNumber);
    const ours =
      [...ctx.admin.numbers.values()].some((n) => digits(n.phoneNumber) === from) ||
      ctx.dir.extensions.some((e) => digits(e.phone) === from);
    if (!ours) return rcErrors.invalidParameter(reply, "from.phoneNumber");
    seq += 1;
    const sms: SentSms = {
      id: String(seq),
      extensionId: ext.id,
      from: body.data.from.phoneNumber,
      to: body.data.to.map((t) => t.phoneNumber),
      text: body.data.text,
      at: new Date(ctx.config.now()).toISOString(),
    };
    sent.push(sms);
    const base = baseUrl(ctx, req);
    return {
      uri: `${base}/restapi/v1.0/account/${ctx.dir.accountId}/extension/${ext.id}/message-store/${sms.id}`,
      id: Number(sms.id),
      to: sms.to.map((phoneNumber) => ({ phoneNumber })),
      from: { phoneNumber: sms.from },
      type: "SMS",
      creationTime: sms.at,
      readStatus: "Read",
      priority: "Normal",
      attachments: [],
      direction: "Outbound",
      availability: "Alive",
      subject: sms.text,
      messageStatus: "Queued",
      conversationId: Number(sms.id),
      lastModifiedTime: sms.at,
    };
  });

  app.get("/_sim/sms", async () => sent);
}
