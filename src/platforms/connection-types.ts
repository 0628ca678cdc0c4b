import type { z } from "zod";
import type { Database } from "../db/database.ts";
import type { ObservedEngagements, PlatformObservation } from "../domain/availability/index.ts";
import type { PlatformError } from "../lib/http-client.ts";
import type { Result } from "../lib/result.ts";
import type { SharedRateLimiter } from "./ringcentral/budget.ts";

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

/** A connection's credentials or settings do not fit its platform's schema (or a needed secret is missing). */
export class ConnectionConfigError extends Error {}

/** Parses a connection's credentials or settings, throwing a ConnectionConfigError that names every issue. */
export function parseConfig<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new ConnectionConfigError(
      `${what}: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"} ${i.message}`).join("; ")}`,
    );
  }
  return parsed.data;
}

/** What client creation may use besides the connection row: the secret key and the process's shared stores. */
export type ClientEnv = {
  secretKey: Buffer;
  /** RingCentral's rate budget shared by every process (PostgreSQL). */
  budget?: SharedRateLimiter;
  database?: Database;
};

/** What connecting needs besides the client: the URL to register and the connection's current secret. */
export type ConnectInput = {
  webhookUrl: string;
  /** Decrypted; null when the connection has none yet (Chatwoot issues its own). */
  secret: string | null;
  /** What the last connect stored (e.g. the subscription to replace). */
  previous: ConnectResult | null;
};

/** What maintaining one connected connection's webhook registration needs. */
export type MaintainInput = {
  /** What the last connect (or maintenance) stored on the connection. */
  previous: ConnectResult | null;
  webhookUrl: string;
  /** The connection's decrypted webhook secret (read only when a registration is created again). */
  secret: () => string;
  /** External ids of the connection's agent identities (e.g. the RingCentral extensions to subscribe to). */
  externalIds: () => Promise<string[]>;
  nowMs: number;
};

/**
 * One maintenance run's outcome for a connection, or null when it has nothing to maintain: the action taken, the
 * registration's status after it, the status for the metric, the new `remote` part of the stored connect result
 * when it changed, and a log line when something was done.
 */
export type MaintainOutcome = {
  action: string;
  status?: string;
  metricStatus?: string;
  remote?: Record<string, unknown>;
  log?: { message: string } & Record<string, unknown>;
} | null;

export type ExecuteOutcome = Result<{ externalId?: string }, PlatformError>;

export type ContactTarget = { name?: string; email?: string; phone?: string };
export type ContactFound = Result<{ id: string; created: boolean }, PlatformError>;

/** A chat a call is noted on: its id on the platform and the platform's id of its customer, when known. */
export type ChatToNote = { externalId: string; customerPlatformId?: string };

/** What one look at a platform says about one of its users. */
export type Reading = { observation?: PlatformObservation; engagements?: ObservedEngagements };

/** Reading every user's actual state for reconciliation. */
export type ReconcileReads<C> = {
  /** Read at every tick (a platform that sends no availability webhooks), or only at the full ticks. */
  everyTick: boolean;
  /**
   * Readings keyed by the platform's user id (lower-cased when ids are case-insensitive emails). `externalIds`
   * lists the connection's agent identities, for platforms read one user at a time.
   */
  read(clients: C, input: { externalIds: () => Promise<string[]>; at: string }): Promise<Map<string, Reading>>;
};
