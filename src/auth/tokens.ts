import { createHmac } from "node:crypto";
import { errors, jwtVerify, SignJWT } from "jose";
import { z } from "zod";
import { USER_ROLES } from "../db/schema/index.ts";
import { err, ok, type Result } from "../lib/result.ts";

const ISSUER = "switchboard";
const AUDIENCE = "switchboard-api";

const claimsSchema = z.object({
  sub: z.string().min(1),
  wsp: z.string().min(1),
  role: z.enum(USER_ROLES),
  /** The user's token version when minted: bumping it (password change, disable) retires every older token. */
  ver: z.number().int().min(0),
});
export type AccessClaims = z.infer<typeof claimsSchema>;

/** A key of its own for signing, derived from SECRET_KEY, so the encryption key itself never signs anything. */
export function signingKey(secretKey: Buffer): Uint8Array {
  return new Uint8Array(createHmac("sha256", secretKey).update("switchboard:access-token:v1").digest());
}

export async function signAccessToken(
  key: Uint8Array,
  claims: AccessClaims,
  ttlSeconds: number,
  nowMs: number,
): Promise<string> {
  const iat = Math.floor(nowMs / 1000);
  return new SignJWT({ wsp: claims.wsp, role: claims.role, ver: claims.ver })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(claims.sub)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlSeconds)
    .sign(key);
}

export type TokenProblem = "expired" | "invalid";

export async function verifyAccessToken(
  key: Uint8Array,
  token: string,
  nowMs: number,
): Promise<Result<AccessClaims, TokenProblem>> {
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ["HS256"],
      issuer: ISSUER,
      audience: AUDIENCE,
      currentDate: new Date(nowMs),
    });
    const claims = claimsSchema.safeParse(payload);
    return claims.success ? ok(claims.data) : err("invalid");
  } catch (error) {
    return err(error instanceof errors.JWTExpired ? "expired" : "invalid");
  }
}

/** Three base64url parts: tells a JWT apart from the other bearer credentials without decoding it. */
export const looksLikeJwt = (token: string): boolean => /^[\w-]+\.[\w-]+\.[\w-]+$/.test(token);
