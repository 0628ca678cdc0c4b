import { decodeJwt, errors, jwtVerify, SignJWT } from "jose";

/** The audience/issuer real RingCentral JWT credentials carry. */
const ISSUER = "https://platform.ringcentral.com";
const AUDIENCE = "https://platform.ringcentral.com/restapi/oauth/token";
/** Fixed issue time keeps each demo user's JWT identical across restarts for a given signing key. */
const ISSUED_AT = 1_704_186_000;

/**
 * A user's JWT credential, as the developer console would hand it out. Real credentials are signed by
 * RingCentral and may have no expiry; the sandbox signs with HS256 and its own key.
 */
export async function mintUserJwt(signingKey: string, extensionId: string, expiresAtSec?: number): Promise<string> {
  const jwt = new SignJWT({})
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(extensionId)
    .setIssuedAt(ISSUED_AT)
    .setJti(`sim-${extensionId}`);
  if (expiresAtSec !== undefined) jwt.setExpirationTime(expiresAtSec);
  return jwt.sign(new TextEncoder().encode(signingKey));
}

export type JwtCheck = { ok: true; subject: string } | { ok: false; reason: "malformed" | "signature" | "expired" };

export async function verifyUserJwt(signingKey: string, assertion: string, nowMs: number): Promise<JwtCheck> {
  try {
    const { payload } = await jwtVerify(assertion, new TextEncoder().encode(signingKey), {
      algorithms: ["HS256"],
      currentDate: new Date(nowMs),
    });
    if (typeof payload.sub !== "string" || payload.sub === "") return { ok: false, reason: "malformed" };
    return { ok: true, subject: payload.sub };
  } catch (cause) {
    if (cause instanceof errors.JWTExpired) return { ok: false, reason: "expired" };
    if (cause instanceof errors.JWSSignatureVerificationFailed) return { ok: false, reason: "signature" };
    return { ok: false, reason: "malformed" };
  }
}

/** The subject without verifying, only to key the Auth rate-limit group per user. */
export function peekSubject(assertion: string): string | undefined {
  try {
    const sub = decodeJwt(assertion).sub;
    return typeof sub === "string" ? sub : undefined;
  } catch {
    return undefined;
  }
}
