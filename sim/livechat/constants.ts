/** Demo credentials and fixed identifiers of the LiveChat sandbox (the lead maps env vars onto `LivechatCredentials`). */
export type LivechatCredentials = {
  /** Global Accounts id of the agent who created the PAT (the demo owner, Ada). */
  accountId: string;
  /** Personal Access Token; sent as `Authorization: Basic base64(accountId:pat)`. */
  pat: string;
  /** OAuth access token of the demo app, sent as `Authorization: Bearer <token>`. */
  oauthToken: string;
  /** Client ID of the demo app (Developer Console), owner of its webhooks. */
  clientId: string;
  /** Organization id carried in every webhook envelope. */
  organizationId: string;
  licenseId: number;
};

export const DEFAULT_LIVECHAT_CREDENTIALS: LivechatCredentials = {
  accountId: "4a1e9c2b-7d3f-4e58-9b61-0c2d8f5a7e14",
  pat: "dal:sbdemo-pat-Qx7T2mK9vR4wLp8N",
  oauthToken: "dal:sbdemo_oauth_4Kf9Lw2Qz7Xc1Vn8",
  clientId: "5b0a2c3d4e5f60718293a4b5c6d7e8f9",
  organizationId: "7c9e6679-7425-40de-944b-e07fc1f90ae7",
  licenseId: 19120412,
};

/** Client id of LiveChat's own chat widget: the source of customer-side activity in sandbox chats. */
export const WIDGET_CLIENT_ID = "c6e4f62e2a2dab12531235b12c5a2a6b";
/** Client id of LiveChat's own agent app: the source of changes a person makes by hand. */
export const AGENT_APP_CLIENT_ID = "bb9e5b2f1ab480e4a715977b7b1b4279";

export const API_VERSIONS = ["3.5", "3.6"] as const;
export type ApiVersion = (typeof API_VERSIONS)[number];
export const DEFAULT_API_VERSION: ApiVersion = "3.6";

/**
 * Value of the `Legacy` lifecycle header on v3.5 responses. The docs say legacy versions carry it but give no date
 * for 3.5 (UNCONFIRMED): a placeholder in the documented YYYY-MM-DD format.
 */
export const V35_LEGACY_UNTIL = "2026-08-07";

/** The only data center the sandbox pretends to be; tokens are `dal:`-prefixed. */
export const REGION = "dal";

export const GROUPS = [
  { id: 0, name: "General" },
  { id: 1, name: "Support" },
  { id: 2, name: "Sales" },
] as const;

/** Documented maximum number of webhooks per action per Client ID. */
export const MAX_WEBHOOKS_PER_ACTION = 3;
export const MAX_WEBHOOK_URL_LENGTH = 500;
/** Data-structures doc: message text max 16 KB. */
export const MAX_MESSAGE_TEXT_BYTES = 16 * 1024;
export const MAX_LIST_CHATS_LIMIT = 100;
export const DEFAULT_MAX_CHATS_COUNT = 6;
