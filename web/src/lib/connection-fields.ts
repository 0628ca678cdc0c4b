/**
 * What the "new connection" form asks for on each platform, and how the answers become the API's `settings`
 * (stored plain) and `credentials` (encrypted at rest). Mirrors src/connections/clients.ts.
 */
export type FieldSpec = {
  name: string;
  label: string;
  /** Where the value goes in the create request. */
  target: "settings" | "credentials" | "webhookSecret";
  kind?: "text" | "password" | "select" | "number";
  options?: string[];
  required?: boolean;
  placeholder?: string;
  help?: string;
};

export const CONNECTION_FIELDS: Record<string, FieldSpec[]> = {
  livechat: [
    {
      name: "clientId",
      label: "Client ID",
      target: "settings",
      required: true,
      help: "Your LiveChat app's Client ID (Developer Console); it owns the webhooks Switchboard registers.",
    },
    {
      name: "accountId",
      label: "Account ID",
      target: "credentials",
      required: true,
      help: "Shown with the personal access token in the Developer Console.",
    },
    {
      name: "pat",
      label: "Personal access token",
      target: "credentials",
      kind: "password",
      required: true,
      help: "Developer Console → Settings → Authorization → Personal Access Tokens; scopes agents--all:rw, chats--all:rw, customers:rw, webhooks.configuration:rw, webhooks.state:rw.",
    },
    { name: "apiVersion", label: "API version", target: "settings", kind: "select", options: ["v3.6", "v3.5"] },
    {
      name: "baseUrl",
      label: "API base URL",
      target: "settings",
      placeholder: "https://api.livechatinc.com",
      help: "Leave empty for LiveChat itself.",
    },
  ],
  ringcentral: [
    { name: "clientId", label: "Client ID", target: "credentials", required: true },
    { name: "clientSecret", label: "Client secret", target: "credentials", kind: "password", required: true },
    {
      name: "jwt",
      label: "JWT credential",
      target: "credentials",
      kind: "password",
      required: true,
      help: "A JWT of a user with admin rights (Developer Console → Credentials).",
    },
    {
      name: "serverUrl",
      label: "Server URL",
      target: "settings",
      placeholder: "https://platform.ringcentral.com",
      help: "Leave empty for production.",
    },
  ],
  chatwoot: [
    {
      name: "baseUrl",
      label: "Chatwoot URL",
      target: "settings",
      placeholder: "https://app.chatwoot.com",
      help: "Your self-hosted Chatwoot, or leave empty for Chatwoot Cloud.",
    },
    { name: "accountId", label: "Account ID", target: "settings", kind: "number", required: true },
    {
      name: "apiAccessToken",
      label: "API access token",
      target: "credentials",
      kind: "password",
      required: true,
      help: "An administrator's access token (Profile settings).",
    },
    {
      name: "webhookSecret",
      label: "Webhook secret",
      target: "webhookSecret",
      kind: "password",
      help: "Only if you created the account webhook yourself: Chatwoot shows its secret once. Otherwise Connect creates it.",
    },
  ],
};

export type CreateConnectionRequest = {
  platform: string;
  name: string;
  settings: Record<string, unknown>;
  credentials: Record<string, unknown>;
  webhookSecret?: string;
};

/** Builds the create request from the form; empty optional fields are left out so the hub's defaults apply. */
export function buildCreateRequest(
  platform: string,
  name: string,
  values: Record<string, string>,
): CreateConnectionRequest {
  const body: CreateConnectionRequest = { platform, name: name.trim(), settings: {}, credentials: {} };
  for (const field of CONNECTION_FIELDS[platform] ?? []) {
    const raw = (values[field.name] ?? "").trim();
    if (!raw) continue;
    const value = field.kind === "number" && /^\d+$/.test(raw) ? Number(raw) : raw;
    if (field.target === "webhookSecret") body.webhookSecret = raw;
    else body[field.target][field.name] = value;
  }
  return body;
}

/** The first required field left empty, for a clear message before the request is sent. */
export function missingField(platform: string, values: Record<string, string>): FieldSpec | undefined {
  return (CONNECTION_FIELDS[platform] ?? []).find((f) => f.required && !(values[f.name] ?? "").trim());
}
