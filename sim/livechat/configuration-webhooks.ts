import { z } from "zod";
import type { ActionHandler, ActionTable } from "./actions.ts";
import type { Requester } from "./auth.ts";
import { MAX_WEBHOOK_URL_LENGTH, MAX_WEBHOOKS_PER_ACTION } from "./constants.ts";
import type { LivechatDeps } from "./deps.ts";
import { lcError, parseBody } from "./errors.ts";
import { newWebhookId } from "./ids.ts";
import type { WebhookRegistration } from "./state.ts";
import { webhookAction, webhookNames } from "./webhook-catalog.ts";
import { webhookFiltersSchema } from "./webhook-filters.ts";

const registerSchema = z.object({
  url: z.url({ protocol: /^https?$/ }).max(MAX_WEBHOOK_URL_LENGTH),
  description: z.string().max(1000).optional(),
  action: z.string().min(1),
  secret_key: z.string().min(1),
  owner_client_id: z.string().min(1),
  type: z.enum(["license", "bot"]),
  filters: webhookFiltersSchema.optional(),
  additional_data: z.array(z.enum(["chat_properties", "chat_presence_user_ids"])).optional(),
});
const ownerSchema = z.object({ owner_client_id: z.string().min(1).optional() });
const unregisterSchema = z.object({ id: z.string().min(1), owner_client_id: z.string().min(1).optional() });
const namesSchema = z.object({ version: z.enum(["3.5", "3.6"]).optional() });

/**
 * `owner_client_id` is required with a PAT; with an OAuth token the token's Client ID is used unless given.
 * Either way it must be an application of this organization.
 */
function ownerClientId(deps: LivechatDeps, requester: Requester, given: string | undefined): string {
  const clientId = given ?? (requester.via === "oauth" ? requester.clientId : null);
  if (!clientId) throw lcError("validation", "`owner_client_id` is required");
  if (!deps.clientIds.includes(clientId)) {
    throw lcError("validation", "`owner_client_id` must be a Client ID owned by your organization");
  }
  return clientId;
}

function listed(registration: WebhookRegistration): Record<string, unknown> {
  const out: Record<string, unknown> = { id: registration.id, url: registration.url };
  if (registration.description !== undefined) out.description = registration.description;
  out.action = registration.action;
  if (registration.filters) out.filters = registration.filters;
  if (registration.additionalData.length > 0) out.additional_data = [...registration.additionalData];
  out.owner_client_id = registration.ownerClientId;
  out.type = registration.type;
  return out;
}

/** `list_webhook_names` needs no authorization. */
export const listWebhookNames: ActionHandler = ({ body, version }) =>
  webhookNames(parseBody(namesSchema, body).version ?? version);

/** Configuration API: webhook registrations and the per-application license-webhooks switch. */
export function configurationWebhookActions(deps: LivechatDeps): ActionTable {
  const setLicenseWebhooks =
    (enabled: boolean): ActionHandler =>
    ({ body, requester }) => {
      const clientId = ownerClientId(deps, requester, parseBody(ownerSchema, body).owner_client_id);
      deps.state.licenseWebhooks.set(clientId, enabled);
      return {};
    };
  return {
    register_webhook: {
      run: ({ body, requester, version }) => {
        const input = parseBody(registerSchema, body);
        const owner = ownerClientId(deps, requester, input.owner_client_id);
        const entry = webhookAction(input.action, version);
        if (!entry) throw lcError("validation", `\`action\` ${input.action} is not a webhook in v${version}`);
        for (const filter of Object.keys(input.filters ?? {})) {
          if (!entry.filters.some((f) => f === filter)) {
            throw lcError("validation", `\`filters.${filter}\` is not available for ${input.action}`);
          }
        }
        if ((input.additional_data?.length ?? 0) > 0 && !entry.additionalData) {
          throw lcError("validation", `\`additional_data\` is not available for ${input.action}`);
        }
        const sameAction = deps.state.webhooks.filter((w) => w.ownerClientId === owner && w.action === input.action);
        if (sameAction.length >= MAX_WEBHOOKS_PER_ACTION) {
          throw lcError("limit_reached", `Webhooks limit for action ${input.action} reached`);
        }
        const registration: WebhookRegistration = {
          id: newWebhookId(),
          url: input.url,
          action: input.action,
          secretKey: input.secret_key,
          ownerClientId: owner,
          type: input.type,
          additionalData: input.additional_data ?? [],
          version,
          activeFromMs: Date.now() + deps.configPropagationMs,
        };
        if (input.description !== undefined) registration.description = input.description;
        if (input.filters) registration.filters = input.filters;
        deps.state.webhooks.push(registration);
        return { id: registration.id };
      },
    },
    list_webhooks: {
      run: ({ body, requester }) => {
        const owner = ownerClientId(deps, requester, parseBody(ownerSchema, body).owner_client_id);
        return deps.state.webhooks.filter((w) => w.ownerClientId === owner).map(listed);
      },
    },
    unregister_webhook: {
      run: ({ body, requester }) => {
        const input = parseBody(unregisterSchema, body);
        const owner = ownerClientId(deps, requester, input.owner_client_id);
        const index = deps.state.webhooks.findIndex((w) => w.id === input.id && w.ownerClientId === owner);
        if (index < 0) throw lcError("not_found", "Webhook not found");
        deps.state.webhooks.splice(index, 1);
        return {};
      },
    },
    enable_license_webhooks: { run: setLicenseWebhooks(true) },
    disable_license_webhooks: { run: setLicenseWebhooks(false) },
    get_license_webhooks_state: {
      run: ({ body, requester }) => {
        const clientId = ownerClientId(deps, requester, parseBody(ownerSchema, body).owner_client_id);
        return { license_webhooks_enabled: deps.dispatcher.licenseWebhooksEnabled(clientId) };
      },
    },
  };
}
