import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import { authenticateUser } from "./auth.ts";
import { ALLOWED_WEBHOOK_EVENTS, DEFAULT_WEBHOOK_SUBSCRIPTIONS } from "./constants.ts";
import type { SimContext } from "./context.ts";
import { type FieldError, notFound, recordInvalid } from "./errors.ts";
import type { AccountWebhook } from "./model.ts";
import { parseBody, pathId, railsId, railsString, unwrap } from "./params.ts";
import { webhookJson } from "./present-rest.ts";
import { secureToken } from "./state.ts";

// `webhook_params` permits only these: `secret` is generated and read-only (doc §2.2).
const webhookSchema = z.object({
  url: railsString.optional(),
  name: z.union([railsString, z.null()]).optional(),
  subscriptions: z.array(z.string()).optional(),
  inbox_id: z.union([railsId, z.null()]).optional(),
});

const HTTP_URL = /^https?:\/\/[^\s/?#]+[^\s]*$/i;
const ALLOWED: ReadonlySet<string> = new Set(ALLOWED_WEBHOOK_EVENTS);

function validate(ctx: SimContext, hook: AccountWebhook): FieldError[] {
  const errors: FieldError[] = [];
  if (!HTTP_URL.test(hook.url)) errors.push({ attribute: "url", message: "is invalid" });
  else if ([...ctx.state.webhooks.values()].some((w) => w.id !== hook.id && w.url === hook.url)) {
    errors.push({ attribute: "url", message: "has already been taken" });
  }
  if (hook.subscriptions.length === 0 || hook.subscriptions.some((s) => !ALLOWED.has(s))) {
    errors.push({ attribute: "subscriptions", message: "Invalid events" });
  }
  if (hook.inboxId !== null && !ctx.state.inboxes.has(hook.inboxId)) {
    errors.push({ attribute: "inbox", message: "must exist" });
  }
  return errors;
}

/** Account webhooks (doc §2.5): admin only, wrapped in `payload.webhook(s)`, delete answers `head :ok`. */
export function registerWebhookRoutes(app: FastifyInstance, ctx: SimContext): void {
  const { state } = ctx;
  const base = "/api/v1/accounts/:accountId/webhooks";
  const find = (req: FastifyRequest) => {
    const hook = state.webhooks.get(pathId(req.params, "id"));
    if (!hook) throw notFound();
    return hook;
  };

  app.get(base, async (req) => {
    authenticateUser(ctx, req, "webhooks#index", true);
    return { payload: { webhooks: [...state.webhooks.values()].map((w) => webhookJson(state, w)) } };
  });

  app.post(base, async (req) => {
    authenticateUser(ctx, req, "webhooks#create", true);
    const body = parseBody(webhookSchema, unwrap(req.body, "webhook"));
    const hook: AccountWebhook = {
      id: 0,
      name: body.name ?? null,
      url: body.url ?? "",
      subscriptions: [...new Set(body.subscriptions ?? DEFAULT_WEBHOOK_SUBSCRIPTIONS)],
      secret: secureToken(),
      inboxId: body.inbox_id ?? null,
    };
    const errors = validate(ctx, hook);
    if (errors.length > 0) throw recordInvalid(errors);
    hook.id = state.nextId("webhook");
    state.webhooks.set(hook.id, hook);
    return { payload: { webhook: webhookJson(state, hook) } };
  });

  const update = async (req: FastifyRequest) => {
    authenticateUser(ctx, req, "webhooks#update", true);
    const hook = find(req);
    const body = parseBody(webhookSchema, unwrap(req.body, "webhook"));
    const next: AccountWebhook = {
      ...hook,
      url: body.url ?? hook.url,
      name: body.name === undefined ? hook.name : body.name,
      subscriptions: body.subscriptions === undefined ? hook.subscriptions : [...new Set(body.subscriptions)],
      inboxId: body.inbox_id === undefined ? hook.inboxId : body.inbox_id,
    };
    const errors = validate(ctx, next);
    if (errors.length > 0) throw recordInvalid(errors);
    Object.assign(hook, next);
    return { payload: { webhook: webhookJson(state, hook) } };
  };
  app.patch(`${base}/:id`, update);
  app.put(`${base}/:id`, update);

  app.delete(`${base}/:id`, async (req, reply) => {
    authenticateUser(ctx, req, "webhooks#destroy", true);
    state.webhooks.delete(find(req).id);
    return reply.code(200).send("");
  });
}
