import type { WebhookEmitter } from "../shared/webhooks.ts";
import type { ApiVersion } from "./constants.ts";
import type { LivechatState, WebhookRegistration } from "./state.ts";
import type { FilterSubject, WebhookFilters } from "./webhook-filters.ts";
import { passesFilters, webhookFiltersSchema } from "./webhook-filters.ts";

export type DispatchInput = FilterSubject & {
  action: string;
  /** Payloads differ between v3.5 and v3.6 (customer fields), so they are built per registration version. */
  payload: (version: ApiVersion) => Record<string, unknown>;
};

export type DispatcherOptions = {
  state: LivechatState;
  emitter: WebhookEmitter;
  organizationId: () => string;
  /** License-webhook switch for a Client ID that never called enable/disable. */
  licenseWebhooksEnabledByDefault: boolean;
  now?: () => number;
};

/** Turns state changes into LiveChat webhooks: picks matching registrations, builds the envelope, emits. */
export class WebhookDispatcher {
  readonly #options: DispatcherOptions;

  constructor(options: DispatcherOptions) {
    this.#options = options;
  }

  licenseWebhooksEnabled(clientId: string): boolean {
    return this.#options.state.licenseWebhooks.get(clientId) ?? this.#options.licenseWebhooksEnabledByDefault;
  }

  dispatch(input: DispatchInput): void {
    const now = this.#options.now?.() ?? Date.now();
    for (const registration of this.#options.state.webhooks) {
      if (registration.action !== input.action || registration.activeFromMs > now) continue;
      if (!this.#delivers(registration)) continue;
      const filters = registration.filters ? parseStoredFilters(registration.filters) : undefined;
      if (!passesFilters(filters, registration.ownerClientId, input, this.#botsOf(registration.ownerClientId))) {
        continue;
      }
      this.#emit(registration, input);
    }
  }

  #delivers(registration: WebhookRegistration): boolean {
    // Bot webhooks arrive only while a bot owned by the Client ID is not offline (bot-webhooks article).
    if (registration.type === "bot") {
      return [...this.#options.state.agents.values()].some(
        (a) => a.bot?.ownerClientId === registration.ownerClientId && a.routingStatus !== "offline",
      );
    }
    return this.licenseWebhooksEnabled(registration.ownerClientId);
  }

  #botsOf(clientId: string): string[] {
    return [...this.#options.state.agents.values()].filter((a) => a.bot?.ownerClientId === clientId).map((a) => a.id);
  }

  #emit(registration: WebhookRegistration, input: DispatchInput): void {
    const envelope = {
      webhook_id: registration.id,
      secret_key: registration.secretKey,
      action: input.action,
      organization_id: this.#options.organizationId(),
      payload: input.payload(registration.version),
      additional_data: additionalData(registration, input),
    };
    this.#options.emitter.emit({
      url: registration.url,
      headers: { "content-type": "application/json" },
      body: JSON.stringify(envelope),
      event: input.action,
    });
  }
}

function parseStoredFilters(raw: Record<string, unknown>): WebhookFilters | undefined {
  const parsed = webhookFiltersSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

/** `additional_data` carries only what was asked for at registration, otherwise `{}`. */
function additionalData(registration: WebhookRegistration, input: DispatchInput): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const chat = input.chat;
  if (!chat) return out;
  if (registration.additionalData.includes("chat_properties")) out.chat_properties = chat.properties;
  if (registration.additionalData.includes("chat_presence_user_ids")) {
    out.chat_presence_user_ids = chat.users.filter((u) => u.present).map((u) => u.id);
  }
  return out;
}
