import type { Config } from "../config.ts";
import type { DbOrTx } from "../db/database.ts";
import { err, ok, type Result } from "../lib/result.ts";
import { signAccessToken, signingKey, type TokenProblem, verifyAccessToken } from "./tokens.ts";
import { findUser, isActive, type UserRow } from "./users.ts";

/** What signing in needs, derived once from the config and SECRET_KEY. */
export type SessionSettings = {
  key: Uint8Array;
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
  cookieSecure: boolean;
  now: () => number;
};

export function sessionSettings(config: Config, secretKey: Buffer, now: () => number): SessionSettings {
  return {
    key: signingKey(secretKey),
    accessTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
    refreshTtlSeconds: config.REFRESH_TOKEN_TTL_SECONDS,
    cookieSecure: config.COOKIE_SECURE ?? config.PUBLIC_URL?.startsWith("https://") ?? false,
    now,
  };
}

export async function mintAccessToken(
  settings: SessionSettings,
  user: UserRow,
): Promise<{ accessToken: string; expiresIn: number }> {
  const accessToken = await signAccessToken(
    settings.key,
    { sub: user.id, wsp: user.workspaceId, role: user.role, ver: user.tokenVersion },
    settings.accessTtlSeconds,
    settings.now(),
  );
  return { accessToken, expiresIn: settings.accessTtlSeconds };
}

/**
 * The user an access token stands for, read fresh from the database: a disabled user, a changed role or password
 * (token version bumped) takes effect at once instead of when the token expires.
 */
export async function userForAccessToken(
  db: DbOrTx,
  settings: SessionSettings,
  token: string,
): Promise<Result<UserRow, TokenProblem | "revoked">> {
  const claims = await verifyAccessToken(settings.key, token, settings.now());
  if (!claims.ok) return claims;
  const user = await findUser(db, claims.value.wsp, claims.value.sub);
  if (!user || !isActive(user) || user.tokenVersion !== claims.value.ver) return err("revoked");
  return ok(user);
}
