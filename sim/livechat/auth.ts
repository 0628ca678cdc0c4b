import { timingSafeEqual } from "node:crypto";
import type { FastifyRequest } from "fastify";
import type { LivechatCredentials } from "./constants.ts";
import { REGION } from "./constants.ts";
import { lcError } from "./errors.ts";

/** Who is calling: the agent the token represents and the application (Client ID) it is attributed to. */
export type Requester = {
  agentId: string;
  /** `null` when the call cannot be attributed to an application (see `patClientId`). */
  clientId: string | null;
  via: "pat" | "oauth" | "bot";
};

export type AuthConfig = {
  credentials: LivechatCredentials;
  /** The agent who created the PAT / authorised the app. */
  ownerAgentId: string;
  /**
   * Client ID that PAT calls are attributed to for `source_type` webhook filters. Which one LiveChat uses is
   * UNCONFIRMED, so the default is none: echoes of our own PAT writes arrive as `other_clients`.
   */
  patClientId: string | null;
  /** A bot token from `issue_bot_token`, if `token` is one that is still valid. */
  botToken?: (token: string) => { botId: string; clientId: string } | undefined;
};

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Checks `Authorization` (PAT as Basic, OAuth as Bearer) and `X-Region`; throws the platform's errors. */
export function authenticate(req: FastifyRequest, config: AuthConfig): Requester {
  const header = req.headers.authorization;
  if (!header) throw lcError("authentication", "Missing authorization header");
  const [scheme = "", ...rest] = header.trim().split(/\s+/);
  const value = rest.join(" ");
  const { credentials } = config;
  let requester: Requester | undefined;
  if (scheme.toLowerCase() === "basic") {
    const decoded = Buffer.from(value, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    const accountId = colon >= 0 ? decoded.slice(0, colon) : "";
    const pat = colon >= 0 ? decoded.slice(colon + 1) : "";
    if (safeEqual(accountId, credentials.accountId) && safeEqual(pat, credentials.pat)) {
      requester = { agentId: config.ownerAgentId, clientId: config.patClientId, via: "pat" };
    }
  } else if (scheme.toLowerCase() === "bearer") {
    // The docs warn against sending a PAT as Bearer: only the OAuth token is accepted here.
    if (safeEqual(value, credentials.oauthToken)) {
      requester = { agentId: config.ownerAgentId, clientId: credentials.clientId, via: "oauth" };
    } else {
      // A bot acts with its own token (v3.5+), as itself.
      const bot = config.botToken?.(value);
      if (bot) requester = { agentId: bot.botId, clientId: bot.clientId, via: "bot" };
    }
  }
  if (!requester) throw lcError("authentication", "Invalid access token");
  const region = req.headers["x-region"];
  if (typeof region === "string" && region !== "" && region !== REGION) {
    throw lcError("misdirected_request", "Wrong region", { region: REGION });
  }
  return requester;
}
