import type { Party } from "./call-model.ts";

export type FilterKind = "telephony" | "presence" | "account-presence" | "dnd" | "posts" | "reminder" | "passive";

/** One parsed event filter of a subscription. */
export type EventFilter = {
  /** `~` resolved to numeric ids, query kept: what SubscriptionInfo.eventFilters shows. */
  resolved: string;
  kind: FilterKind;
  extensionId?: string;
  query: URLSearchParams;
  /** For reminders: seconds before expiry to start, seconds between reminders. */
  reminder?: { threshold: number; interval: number };
};

export type FilterContext = { accountId: string; ownerId: string; hasExtension: (id: string) => boolean };
export type FilterResult = { ok: true; filter: EventFilter } | { ok: false; reason: "invalid" | "other-account" };

/**
 * Filters the sandbox emits events for, plus known filters it accepts but never fires (message store, voicemail,
 * …) so a subscription that mixes them still works. Anything else is `SUB-508 Invalid event filters`.
 */
const EXTENSION_FILTERS: [RegExp, FilterKind][] = [
  [/^\/telephony\/sessions$/, "telephony"],
  [/^\/presence$/, "presence"],
  [/^\/presence\/dnd$/, "dnd"],
  [/^\/presence\/line(\/presence)?$/, "passive"],
  [/^\/message-store(\/instant)?$/, "passive"],
  [/^\/voicemail$/, "passive"],
  [/^\/missed-calls$/, "passive"],
  [/^\/favorite$/, "passive"],
  [/^$/, "passive"],
];
const ACCOUNT_FILTERS: [RegExp, FilterKind][] = [
  [/^\/telephony\/sessions$/, "telephony"],
  [/^\/presence$/, "account-presence"],
  [/^\/extension$/, "passive"],
  [/^\/call-queues\/[^/]+\/presence$/, "passive"],
];
const GLOBAL_FILTERS: [RegExp, FilterKind][] = [
  [/^\/team-messaging\/v1\/posts$/, "posts"],
  [/^\/restapi\/v1\.0\/glip\/posts$/, "posts"],
  [/^\/team-messaging\/v1\/(chats|groups|teams)$/, "passive"],
  [/^\/restapi\/v1\.0\/glip\/groups$/, "passive"],
];

export function parseFilter(raw: string, ctx: FilterContext): FilterResult {
  const [rawPath = "", rawQuery = ""] = raw.trim().split("?", 2);
  const path = rawPath.replace(/\/+$/, "");
  const query = new URLSearchParams(rawQuery);
  const suffix = rawQuery ? `?${rawQuery}` : "";
  const ok = (filter: Omit<EventFilter, "query">): FilterResult => ({ ok: true, filter: { ...filter, query } });

  for (const [pattern, kind] of GLOBAL_FILTERS) if (pattern.test(path)) return ok({ resolved: path + suffix, kind });

  if (path === "/restapi/v1.0/subscription/~") {
    const threshold = Number(query.get("threshold"));
    const interval = Number(query.get("interval"));
    if (!Number.isInteger(threshold) || !Number.isInteger(interval) || threshold < 1 || interval < 1) {
      return { ok: false, reason: "invalid" };
    }
    return ok({ resolved: raw.trim(), kind: "reminder", reminder: { threshold, interval } });
  }

  const account = /^\/restapi\/v1\.0\/account\/([^/]+)(\/.*)?$/.exec(path);
  if (!account) return { ok: false, reason: "invalid" };
  const [, accountRef = "", rest = ""] = account;
  if (accountRef !== "~" && accountRef !== ctx.accountId) return { ok: false, reason: "other-account" };
  const accountPath = `/restapi/v1.0/account/${ctx.accountId}`;

  const extension = /^\/extension\/([^/]+)(\/.*)?$/.exec(rest);
  if (extension) {
    const [, extRef = "", extRest = ""] = extension;
    const extensionId = extRef === "~" ? ctx.ownerId : extRef;
    if (!ctx.hasExtension(extensionId)) return { ok: false, reason: "invalid" };
    for (const [pattern, kind] of EXTENSION_FILTERS) {
      if (pattern.test(extRest)) {
        return ok({ resolved: `${accountPath}/extension/${extensionId}${extRest}${suffix}`, kind, extensionId });
      }
    }
    return { ok: false, reason: "invalid" };
  }
  for (const [pattern, kind] of ACCOUNT_FILTERS) {
    if (pattern.test(rest)) return ok({ resolved: `${accountPath}${rest}${suffix}`, kind });
  }
  return { ok: false, reason: "invalid" };
}

/** Telephony filter options (doc §2.2): direction, statusCode, missedCall, phoneNumber. */
export function telephonyMatches(filter: EventFilter, party: Party): boolean {
  if (filter.extensionId !== undefined && party.extensionId !== filter.extensionId) return false;
  const direction = filter.query.get("direction");
  if (direction && direction.toLowerCase() !== party.direction.toLowerCase()) return false;
  const statusCode = filter.query.get("statusCode");
  if (statusCode && statusCode.toLowerCase() !== party.status.toLowerCase()) return false;
  if (filter.query.get("missedCall") === "true" && !party.missedCall) return false;
  const phone = filter.query.get("phoneNumber");
  if (phone && ![party.from.phoneNumber, party.to.phoneNumber].includes(phone.replace(/ /g, "+"))) return false;
  return true;
}

/**
 * `event` of a telephony notification. Observed quirk (doc §2.2): with an account-level filter the event is the
 * extension-level path when the party belongs to an extension.
 */
export function telephonyEvent(filter: EventFilter, accountId: string, party: Party): string {
  const owner = filter.extensionId ?? party.extensionId;
  return owner
    ? `/restapi/v1.0/account/${accountId}/extension/${owner}/telephony/sessions`
    : `/restapi/v1.0/account/${accountId}/telephony/sessions`;
}

/**
 * `event` of a presence notification. Two of the three official samples keep `account/~` while resolving the
 * extension id (doc §2.1), so the sandbox does the same; receivers must match by pattern.
 */
export function presenceEvent(filter: EventFilter, extensionId: string): string {
  const query = filter.query.toString();
  return `/restapi/v1.0/account/~/extension/${extensionId}/presence${query ? `?${query}` : ""}`;
}
