/**
 * Classifies a notification's `event` (the subscription's event filter, usually with `~` resolved to numeric
 * ids). Matched by pattern, never by equality: presence samples keep `account/~`, and with an account-level
 * telephony filter the event of an extension's party is the extension-level path (platforms/ringcentral.md §2).
 */
export type EventKind =
  | { kind: "telephony"; accountId?: string; extensionId?: string }
  | { kind: "presence"; accountId?: string; extensionId?: string }
  | { kind: "presence_dnd"; accountId?: string; extensionId?: string }
  | { kind: "ignored"; reason: string };

const API = String.raw`/restapi/v1\.0`;
const TELEPHONY = new RegExp(`^${API}/account/([^/]+)(?:/extension/([^/]+))?/telephony/sessions$`);
const PRESENCE = new RegExp(`^${API}/account/([^/]+)(?:/extension/([^/]+))?/presence$`);
const PRESENCE_DND = new RegExp(`^${API}/account/([^/]+)/extension/([^/]+)/presence/dnd$`);

const IGNORED: ReadonlyArray<[RegExp, string]> = [
  [/^\/(?:team-messaging\/v1|restapi\/v1\.0\/glip)\//, "team messaging events are not acted on"],
  [new RegExp(`^${API}/subscription(?:/|$)`), "subscription renewal reminder (renewal is scheduled separately)"],
  [new RegExp(`^${API}/account/[^/]+/call-queues/[^/]+/presence$`), "call-queue member presence is not acted on"],
  [/\/presence\/line(?:\/presence)?$/, "monitored-line presence is not acted on"],
  [/\/call-log(?:-sync)?$/, "call-log events are not acted on (call logs are read after the call ends)"],
  [/\/message-store$/, "message-store events are not acted on"],
  [/\/voicemail$/, "voicemail events are not acted on"],
];

/**
 * `~` means "the authorised account/extension" and `{…}` is a docs placeholder: neither names anybody, so both
 * are dropped.
 */
const concreteId = (segment: string | undefined): string | undefined =>
  segment === undefined || segment === "~" || segment.startsWith("{") ? undefined : segment;

/** Strips an absolute origin (not seen in samples, harmless to allow) and the query string. */
function pathOf(event: string): string {
  let path = event.trim();
  const origin = /^https?:\/\/[^/]+/i.exec(path);
  if (origin) path = path.slice(origin[0].length);
  const q = path.indexOf("?");
  return q === -1 ? path : path.slice(0, q);
}

export function classifyEvent(event: string): EventKind {
  const path = pathOf(event);
  const telephony = TELEPHONY.exec(path);
  if (telephony)
    return { kind: "telephony", accountId: concreteId(telephony[1]), extensionId: concreteId(telephony[2]) };
  const presence = PRESENCE.exec(path);
  if (presence) return { kind: "presence", accountId: concreteId(presence[1]), extensionId: concreteId(presence[2]) };
  const dnd = PRESENCE_DND.exec(path);
  if (dnd) return { kind: "presence_dnd", accountId: concreteId(dnd[1]), extensionId: concreteId(dnd[2]) };
  for (const [pattern, reason] of IGNORED) {
    if (pattern.test(path)) return { kind: "ignored", reason };
  }
  return { kind: "ignored", reason: `unsupported event filter ${path}` };
}

/**
 * A short name for the event filter, as the webhook log shows it: the path below the account and extension, so
 * `/restapi/v1.0/account/~/extension/101/telephony/sessions?x` reads `telephony/sessions`.
 */
export function eventLabel(event: string): string {
  const path = pathOf(event);
  return path.replace(new RegExp(`^${API}/(?:account/[^/]+/)?(?:extension/[^/]+/)?`), "") || path;
}
