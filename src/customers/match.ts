import type { Identity } from "./identities.ts";
import { identityKey } from "./identities.ts";

/** An existing identity that equals one of the incoming ones, and the customer holding it. */
export type Holder = { customerId: string; kind: Identity["kind"]; scope: string; value: string; verified: boolean };

export type MatchReason = "custom_id_conflict" | "shared_email" | "unverified_email" | "shared_phone";

export type Review = { otherCustomerId: string; reason: MatchReason; identity: string };

export type MatchDecision = {
  /** The customer to link to; null: create one. */
  customerId: string | null;
  /** How it was chosen. */
  rule: "platform" | "custom" | "email" | "phone" | "new";
  /** Incoming identities to record on the chosen customer. */
  add: Identity[];
  /** Pairs (chosen customer, other) that may be one person: for the review queue, never merged here. */
  reviews: Review[];
};

export type MatchInput = {
  incoming: readonly Identity[];
  /** Oldest first: ties go to the customer who held the identity first. */
  holders: readonly Holder[];
  /** Custom ids held by each customer in `holders`. */
  customIds: ReadonlyMap<string, readonly string[]>;
};

const unique = (ids: string[]): string[] => [...new Set(ids)];

/**
 * Deterministic matching (PRODUCT §2.5): a platform id already linked decides; then custom id > verified email >
 * phone. A customer whose custom id differs from the incoming one is a different person, whatever else they
 * share. Everything short of a rule — unverified emails, several customers sharing an email or phone, conflicting
 * ids — becomes a review, so nothing merges by itself.
 */
export function decideMatch(input: MatchInput): MatchDecision {
  const { incoming, customIds } = input;
  const wanted = new Set(incoming.map(identityKey));
  // Only identities equal to incoming ones count, whatever the caller passed.
  const holders = input.holders.filter((h) => wanted.has(identityKey(h)));
  const incomingCustom = incoming.find((i) => i.kind === "custom")?.value;
  const incomingEmail = incoming.find((i) => i.kind === "email");
  const conflicts = (customerId: string): boolean => {
    const held = customIds.get(customerId) ?? [];
    return incomingCustom !== undefined && held.length > 0 && !held.includes(incomingCustom);
  };
  const owners = (kind: Identity["kind"], verifiedOnly = false): string[] =>
    unique(holders.filter((h) => h.kind === kind && (!verifiedOnly || h.verified)).map((h) => h.customerId));

  const platformOwner = owners("platform")[0];
  const customOwner = owners("custom")[0];
  const verifiedEmailOwners = incomingEmail?.verified ? owners("email", true) : [];
  const emailOwners = owners("email");
  const phoneOwners = owners("phone");

  let customerId: string | null = null;
  let rule: MatchDecision["rule"] = "new";
  if (platformOwner) [customerId, rule] = [platformOwner, "platform"];
  else if (customOwner) [customerId, rule] = [customOwner, "custom"];
  else {
    const byEmail = verifiedEmailOwners.find((c) => !conflicts(c));
    const byPhone = phoneOwners.find((c) => !conflicts(c));
    if (byEmail) [customerId, rule] = [byEmail, "email"];
    else if (byPhone) [customerId, rule] = [byPhone, "phone"];
  }

  const reviews: Review[] = [];
  const propose = (other: string, reason: MatchReason, identity: string) => {
    if (other !== customerId && !reviews.some((r) => r.otherCustomerId === other)) {
      reviews.push({ otherCustomerId: other, reason: conflicts(other) ? "custom_id_conflict" : reason, identity });
    }
  };
  if (customOwner) propose(customOwner, "custom_id_conflict", `custom:${incomingCustom}`);
  for (const c of verifiedEmailOwners) propose(c, "shared_email", `email:${incomingEmail?.value}`);
  for (const c of emailOwners) propose(c, "unverified_email", `email:${incomingEmail?.value}`);
  const phone = incoming.find((i) => i.kind === "phone")?.value;
  for (const c of phoneOwners) propose(c, "shared_phone", `phone:${phone}`);

  const held = new Set(holders.filter((h) => h.customerId === customerId).map(identityKey));
  const add = incoming.filter((i) => {
    // A custom id belongs to one customer: never taken from its owner, never added beside a different one.
    const takenElsewhere = customOwner !== undefined && customOwner !== customerId;
    if (i.kind === "custom" && customerId && (takenElsewhere || conflicts(customerId))) return false;
    if (i.kind === "platform" && platformOwner !== undefined && platformOwner !== customerId) return false;
    // Already held: re-adding only matters when it upgrades an email to verified.
    if (held.has(identityKey(i))) return i.kind === "email" && i.verified;
    return true;
  });
  return { customerId, rule, add, reviews };
}
