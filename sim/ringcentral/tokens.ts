import { randomUUID } from "node:crypto";
import { opaqueToken } from "./ids.ts";
import type { SimConfig } from "./options.ts";

type AccessToken = { token: string; sessionId: string; expiresAt: number; ttlSec: number; used: boolean };
type RefreshToken = {
  token: string;
  sessionId: string;
  expiresAt: number;
  ttlSec: number;
  usedAt?: number;
  replacedBy?: { access: AccessToken; refresh: RefreshToken };
};
export type OAuthSession = {
  id: string;
  ownerId: string;
  clientId: string;
  createdAt: number;
  access: AccessToken;
  refresh: RefreshToken;
};

export type TokenFailure = { ok: false; errorCode: string; message: string };
export type Issued = { ok: true; session: OAuthSession; access: AccessToken; refresh: RefreshToken };

/** Parses a requested ttl; the SDK sends `access_token_ttl=-1` after a 401, which must simply be ignored. */
function ttl(requested: number | undefined, max: number): number {
  if (requested === undefined || !Number.isInteger(requested) || requested <= 0) return max;
  return Math.min(requested, max);
}

/** OAuth sessions: access tokens expire, refresh tokens rotate (single-use), revoke kills the whole session. */
export class TokenStore {
  readonly #config: SimConfig;
  #access = new Map<string, AccessToken>();
  #refresh = new Map<string, RefreshToken>();
  #sessions = new Map<string, OAuthSession>();

  constructor(config: SimConfig) {
    this.#config = config;
  }

  issue(ownerId: string, clientId: string, accessTtl?: number, refreshTtl?: number): Issued {
    const id = randomUUID();
    const { access, refresh } = this.#mint(id, accessTtl, refreshTtl);
    const session: OAuthSession = { id, ownerId, clientId, createdAt: this.#config.now(), access, refresh };
    this.#sessions.set(id, session);
    return { ok: true, session, access, refresh };
  }

  refresh(token: string, clientId: string, accessTtl?: number, refreshTtl?: number): Issued | TokenFailure {
    const now = this.#config.now();
    const found = this.#refresh.get(token);
    const session = found && this.#sessions.get(found.sessionId);
    if (!found || !session || session.clientId !== clientId) return fail("OAU-213", "Token not found");
    if (found.usedAt !== undefined) {
      // The docs allow re-using a refresh token briefly (same result); strict single-use when the grace is 0.
      const grace = found.replacedBy?.access.used ? this.#config.refreshReuseGraceSec : 3600;
      const replaced = found.replacedBy;
      if (this.#config.refreshReuseGraceSec > 0 && replaced && now - found.usedAt < grace * 1000) {
        return { ok: true, session, access: replaced.access, refresh: replaced.refresh };
      }
      return fail("OAU-211", "Token revoked");
    }
    if (now >= found.expiresAt) return fail("OAU-213", "Token not found");
    // Rotation: the old access token dies immediately.
    this.#access.delete(session.access.token);
    const { access, refresh } = this.#mint(session.id, accessTtl, refreshTtl);
    session.access = access;
    session.refresh = refresh;
    found.usedAt = now;
    found.replacedBy = { access, refresh };
    return { ok: true, session, access, refresh };
  }

  authenticate(token: string): { ok: true; session: OAuthSession } | TokenFailure {
    const found = this.#access.get(token);
    const session = found && this.#sessions.get(found.sessionId);
    if (!found || !session) return fail("OAU-213", "Token not found");
    if (this.#config.now() >= found.expiresAt) return fail("OAU-128", "Access token expired.");
    found.used = true;
    return { ok: true, session };
  }

  /** RFC 7009: revoking either token ends the whole session; unknown tokens are not an error. */
  revoke(token: string): boolean {
    const sessionId = this.#access.get(token)?.sessionId ?? this.#refresh.get(token)?.sessionId;
    const session = sessionId === undefined ? undefined : this.#sessions.get(sessionId);
    if (!session) return false;
    this.#kill(session);
    return true;
  }

  /** `/_sim` helpers: expire access tokens (refresh still works) or revoke sessions (re-login needed). */
  expireAccess(match: (s: OAuthSession) => boolean): number {
    let count = 0;
    for (const session of this.#sessions.values()) {
      if (!match(session)) continue;
      session.access.expiresAt = this.#config.now() - 1;
      count += 1;
    }
    return count;
  }

  revokeWhere(match: (s: OAuthSession) => boolean): number {
    let count = 0;
    for (const session of [...this.#sessions.values()]) {
      if (!match(session)) continue;
      this.#kill(session);
      count += 1;
    }
    return count;
  }

  sessions(): OAuthSession[] {
    return [...this.#sessions.values()];
  }

  reset(): void {
    this.#access.clear();
    this.#refresh.clear();
    this.#sessions.clear();
  }

  #mint(sessionId: string, accessTtl?: number, refreshTtl?: number): { access: AccessToken; refresh: RefreshToken } {
    const now = this.#config.now();
    const aTtl = ttl(accessTtl, this.#config.accessTokenTtlSec);
    const rTtl = ttl(refreshTtl, this.#config.refreshTokenTtlSec);
    const access: AccessToken = {
      token: opaqueToken("U0lN"),
      sessionId,
      expiresAt: now + aTtl * 1000,
      ttlSec: aTtl,
      used: false,
    };
    const refresh: RefreshToken = { token: opaqueToken("UkVG"), sessionId, expiresAt: now + rTtl * 1000, ttlSec: rTtl };
    this.#access.set(access.token, access);
    this.#refresh.set(refresh.token, refresh);
    return { access, refresh };
  }

  #kill(session: OAuthSession): void {
    this.#sessions.delete(session.id);
    for (const [token, entry] of this.#access) if (entry.sessionId === session.id) this.#access.delete(token);
    for (const [token, entry] of this.#refresh) if (entry.sessionId === session.id) this.#refresh.delete(token);
  }
}

function fail(errorCode: string, message: string): TokenFailure {
  return { ok: false, errorCode, message };
}
