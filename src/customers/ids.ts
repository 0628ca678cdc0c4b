import { newId } from "../lib/ids.ts";

/**
 * Ids for the customer tables' own rows (`cid_` identities, `mch_` review-queue entries): lib/ids has no prefix
 * for them, so they take newId's time-ordered body under their own prefix.
 */
export const identityId = (): string => `cid_${newId("cus").slice(4)}`;
export const matchId = (): string => `mch_${newId("cus").slice(4)}`;

/** The same pair in either order gives the same key: a pair is queued once, and a rejection sticks. */
export const pairKey = (a: string, b: string): string => (a < b ? `${a}:${b}` : `${b}:${a}`);
