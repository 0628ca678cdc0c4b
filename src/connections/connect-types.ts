import type { PlatformError } from "../lib/http-client.ts";

/** A platform user found while connecting: becomes (or joins) an agent by email. */
export type PlatformUser = { externalId: string; email?: string; name?: string };

/**
 * What a connector found: the users who are agents, and users of the platform who are not (the integration's own
 * user), whose identities discovery removes if an earlier version linked them.
 */
export type ConnectorOutcome = {
  result: ConnectResult;
  users: PlatformUser[];
  notAgents?: PlatformUser[];
  webhookSecret?: string;
};

export type ConnectStep = { step: string; ok: boolean; detail?: string };

/** Stored on the connection and shown by the API: what connecting did, and what a person still has to do. */
export type ConnectResult = {
  ok: boolean;
  checkedAt: string;
  steps: ConnectStep[];
  /** Things Switchboard could not do itself (e.g. a Chatwoot token without admin rights). */
  manualSteps?: string[];
  /** Platform-side ids worth keeping (RingCentral subscription id, LiveChat webhook ids, Chatwoot webhook id). */
  remote?: Record<string, unknown>;
};

export const describe = (error: PlatformError): string =>
  `${error.status ? `HTTP ${error.status} ` : ""}${error.code ? `${error.code}: ` : ""}${error.message}`;
