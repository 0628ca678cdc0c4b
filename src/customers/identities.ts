import type { CountryCode } from "libphonenumber-js";
import { z } from "zod";
import type { IdentityKind } from "../db/schema/index.ts";
import { toE164 } from "../lib/phone.ts";

/** An identity as matching sees it: normalised value, and for platform ids the connection it belongs to. */
export type Identity = { kind: IdentityKind; value: string; scope: string; platform?: string; verified: boolean };

/** Matching order: a platform id was decided before, then custom id > verified email > phone (PRODUCT §2.5). */
export const PRIORITY: readonly IdentityKind[] = ["platform", "custom", "email", "phone"];

export const identityKey = (i: Pick<Identity, "kind" | "scope" | "value">): string => `${i.kind}:${i.scope}:${i.value}`;

const emailSchema = z.email();

export function normaliseEmail(raw: string | undefined | null): string | undefined {
  const email = raw?.trim().toLowerCase();
  return email && emailSchema.safeParse(email).success ? email : undefined;
}

export const normalisePhone = (raw: string | undefined | null, region: CountryCode): string | undefined =>
  toE164(raw?.trim(), region);

/**
 * The customer as a platform event describes it. `customId` and `emailVerified` are not in the domain's
 * CustomerRef yet (UNCONFIRMED which platform fields will feed them: Chatwoot `identifier`, LiveChat
 * `email_verified`): they are read when a mapper sends them and ignored otherwise.
 */
const refSchema = z.looseObject({
  platformId: z.union([z.string(), z.number()]).optional(),
  name: z.string().optional(),
  email: z.string().optional(),
  phone: z.string().optional(),
  customId: z.union([z.string(), z.number()]).optional(),
  emailVerified: z.boolean().optional(),
});

export type RefContext = {
  connectionId: string;
  platform: string;
  region: CountryCode;
  /** Platforms whose emails count as verified (VERIFIED_EMAIL_PLATFORMS). */
  verifiedEmailPlatforms: readonly string[];
};

export type Described = { identities: Identity[]; name?: string; email?: string; phone?: string };

export function describeRef(ref: unknown, ctx: RefContext): Described {
  const parsed = refSchema.safeParse(ref ?? {});
  if (!parsed.success) return { identities: [] };
  const r = parsed.data;
  const identities: Identity[] = [];
  const platformId = r.platformId === undefined ? "" : String(r.platformId).trim();
  if (platformId) {
    identities.push({
      kind: "platform",
      value: platformId,
      scope: ctx.connectionId,
      platform: ctx.platform,
      verified: true,
    });
  }
  const customId = r.customId === undefined ? "" : String(r.customId).trim();
  if (customId) identities.push({ kind: "custom", value: customId, scope: "", verified: true });
  const email = normaliseEmail(r.email);
  if (email) {
    const verified = r.emailVerified ?? ctx.verifiedEmailPlatforms.includes(ctx.platform);
    identities.push({ kind: "email", value: email, scope: "", verified });
  }
  const phone = normalisePhone(r.phone, ctx.region);
  if (phone) identities.push({ kind: "phone", value: phone, scope: "", verified: false });
  const name = r.name?.trim() || undefined;
  return { identities, name, email, phone };
}
