import type { z } from "zod";
import type { ConnectionRow } from "../connections/repo.ts";
import type { PlatformTargets } from "../domain/availability/index.ts";
import type { MapOutcome } from "../domain/events.ts";
import type { PlatformId } from "../domain/platform.ts";
import type { Result } from "../lib/result.ts";
import type { PlatformCommand } from "./command-owners.ts";
import type {
  ChatToNote,
  ClientEnv,
  ConnectInput,
  ConnectorOutcome,
  ContactFound,
  ContactTarget,
  ExecuteOutcome,
  MaintainInput,
  MaintainOutcome,
  ReconcileReads,
} from "./connection-types.ts";

/** Lower-cased header names → value (first value when repeated). */
export type Headers = Record<string, string | undefined>;

export type RejectReason =
  | "empty_body"
  | "malformed_json"
  | "invalid_envelope"
  | "missing_signature"
  | "bad_signature"
  | "bad_secret"
  | "stale_timestamp";

export type VerifyInput = {
  rawBody: Buffer;
  headers: Headers;
  secret: string;
  nowMs: number;
  /** Allowed clock skew for timestamped schemes (Chatwoot). */
  maxSkewMs: number;
};

/**
 * A pure function of the raw bytes. On success it returns the dedupe key (unique per connection), the parsed
 * JSON body and the headers worth keeping with the stored event.
 */
export type VerifyOutcome =
  | {
      ok: true;
      dedupeKey: string;
      body: unknown;
      keptHeaders: Headers;
      /** Bytes to store instead of the raw body, when the raw body carries the secret (LiveChat's `secret_key`). */
      storedBody?: Buffer;
      /**
       * A report of an agent's status or calls, processed ahead of the message traffic. Only for events whose
       * order the engine restores by itself (time stamps, RingCentral sequence numbers), never chat start/end.
       */
      urgent?: boolean;
    }
  | { ok: false; reason: RejectReason; detail?: string };

/** RingCentral-style handshakes answered before verification: response headers to send with a 200, or null. */
export type Handshake = (headers: Headers) => Headers | null;

export type MapError = { message: string; issues: unknown };

/**
 * Everything about one platform, both directions: inbound (handshake, verify, map) and outbound (its connection
 * config, client, connect and maintain, commands, contacts, reconciliation reads). `C` is what `createClient`
 * returns (the API client and the parsed settings); every outbound part receives it.
 */
export type Platform<P extends PlatformId = PlatformId, C = unknown> = {
  id: P;
  /** Who creates the webhook secret: we do (LiveChat, RingCentral) or the platform does (Chatwoot). */
  secretIssuedBy: "switchboard" | "platform";
  handshake?: Handshake;
  verify(input: VerifyInput): VerifyOutcome;
  /**
   * Removes secrets this platform puts in webhook bodies from bytes that may not parse (LiveChat's `secret_key`),
   * before a rejected body is stored. Platforms whose secrets travel only in headers have none.
   */
  redactBody?(raw: Buffer): Buffer;
  /** Parses the stored body with the platform's zod schema and maps it to a DomainEvent. */
  map(body: unknown, meta: { receivedAt: string; headers: Headers }): Result<MapOutcome, MapError>;
  /**
   * The platform's own name for what a stored body is (Chatwoot `event`, LiveChat `action`, RingCentral's event
   * filter), shown in the webhook log whether or not the hub acted on it; null when the body does not say.
   */
  eventName(body: unknown): string | null;

  /** The connection's credentials (stored encrypted) and settings (plain), as zod schemas. */
  config: { credentials: z.ZodType; settings: z.ZodType };
  /** Opens and parses the connection's credentials and settings; throws ConnectionConfigError when they do not fit. */
  createClient(row: ConnectionRow, env: ClientEnv): C;
  /** Validates the credentials, registers webhooks and lists the platform's users (agents). Safe to run again. */
  connect(clients: C, input: ConnectInput): Promise<ConnectorOutcome>;
  /** Keeps a connected connection's webhook registration alive (RingCentral's subscription renewal), or null. */
  maintain: ((clients: C, input: MaintainInput) => Promise<MaintainOutcome>) | null;
  /** Sends one of this platform's own commands (see `command-owners.ts`). Pure plumbing: what to send was decided before. */
  execute(clients: C, command: PlatformCommand<P>): Promise<ExecuteOutcome>;
  /** The command that sets a user's availability to a full target state (the engine's decision for this platform). */
  availabilityCommand(externalId: string, target: PlatformTargets[P]): PlatformCommand<P>;
  /**
   * The command that notes a call on a chat where the agents look (LiveChat customer session fields, Chatwoot
   * private note + contact attributes), or null when nothing can be noted (no chats, or no customer to note on).
   */
  noteCallCommand(chat: ChatToNote, text: string): PlatformCommand<P> | null;
  /** Finds (or creates) a customer's contact, or null when contacts are not synced to this platform. */
  contacts: { find(clients: C, target: ContactTarget): Promise<ContactFound> } | null;
  /** Reads every user's actual availability and engagements for reconciliation. */
  reconcile: ReconcileReads<C>;
};
