import type { PlatformError } from "../../lib/http-client.ts";
import type { Result } from "../../lib/result.ts";
import { ok } from "../../lib/result.ts";
import type { TokenInfo } from "./client-schemas.ts";

/** Refresh this long before expiry (the official SDK uses the same 60 s handicap), so no call carries a dying token. */
export const REFRESH_HANDICAP_MS = 60_000;
/** A refresh token this close to expiry is treated as spent: a JWT login is cheaper than a failed refresh. */
const REFRESH_TOKEN_MARGIN_MS = 10_000;

const JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";

type TokenSet = {
  accessToken: string;
  accessExpiresAt: number;
  /** When to start refreshing: the handicap before expiry, or half-way for unusually short-lived tokens. */
  refreshAt: number;
  refreshToken?: string;
  refreshExpiresAt?: number;
};

/** An access token as shared between processes (no refresh token: refresh tokens are single-use). */
export type SharedToken = { accessToken: string; accessExpiresAt: number; refreshAt: number };

/**
 * Where the processes of one connection share their access token, so N processes sign in once, not N times
 * (RingCentral allows about 5 sessions per user, and the token endpoint 5 requests a minute).
 */
export interface TokenStore {
  load(): Promise<SharedToken | undefined>;
  save(token: SharedToken): Promise<void>;
  /** Forgets the stored token if it is still `accessToken` (it was refused with a 401). */
  drop(accessToken: string): Promise<void>;
  /** Runs `fn` while no other process of the connection runs its own (one sign-in at a time). */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
}

/** Posts a form to `/restapi/oauth/token` (the client supplies it, so rate limiting and errors stay in one place). */
export type TokenGrant = (form: URLSearchParams) => Promise<Result<TokenInfo, PlatformError>>;

/**
 * Caches the JWT-grant tokens (platforms/ringcentral.md §3.1). The token endpoint is in the Auth group (5 per
 * minute), so it is called only when needed: concurrent callers share one in-flight exchange.
 */
export class TokenManager {
  readonly #grant: TokenGrant;
  readonly #jwt: string;
  readonly #now: () => number;
  readonly #store: TokenStore | undefined;
  #tokens: TokenSet | undefined;
  #pending: Promise<Result<string, PlatformError>> | undefined;

  constructor(options: { jwt: string; now: () => number; grant: TokenGrant; store?: TokenStore }) {
    this.#jwt = options.jwt;
    this.#now = options.now;
    this.#grant = options.grant;
    this.#store = options.store;
  }

  /** A usable access token: cached, proactively refreshed, or from a fresh JWT login. */
  async accessToken(): Promise<Result<string, PlatformError>> {
    const tokens = this.#tokens;
    if (tokens && this.#now() < tokens.refreshAt) return ok(tokens.accessToken);
    this.#pending ??= (this.#store ? this.#renewShared(this.#store) : this.#renew()).finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  /**
   * After a 401 for `token` (expired or revoked): forget it so the next accessToken() re-authenticates. Only
   * the token that failed is dropped, so concurrent 401s for it trigger one re-authentication, not several.
   */
  async invalidate(token: string): Promise<void> {
    if (this.#tokens?.accessToken === token) this.#tokens = { ...this.#tokens, accessExpiresAt: 0, refreshAt: 0 };
    await this.#store?.drop(token);
  }

  /**
   * Shared: the token another process stored, while fresh; otherwise one process at a time signs in with the
   * JWT (no refresh tokens: they are single-use, and two processes would spend the same one) and stores it.
   */
  async #renewShared(store: TokenStore): Promise<Result<string, PlatformError>> {
    return store.exclusive(async () => {
      const shared = await store.load();
      if (shared && this.#now() < shared.refreshAt) {
        this.#tokens = { ...shared };
        return ok(shared.accessToken);
      }
      const result = await this.#exchange(new URLSearchParams({ grant_type: JWT_GRANT, assertion: this.#jwt }));
      const tokens = this.#tokens;
      if (result.ok && tokens) {
        await store.save({
          accessToken: tokens.accessToken,
          accessExpiresAt: tokens.accessExpiresAt,
          refreshAt: tokens.refreshAt,
        });
      }
      return result;
    });
  }

  async #renew(): Promise<Result<string, PlatformError>> {
    const current = this.#tokens;
    const refreshToken = current?.refreshToken;
    const refreshUsable =
      refreshToken !== undefined &&
      (current?.refreshExpiresAt ?? Number.POSITIVE_INFINITY) - this.#now() > REFRESH_TOKEN_MARGIN_MS;
    if (current && refreshToken !== undefined && refreshUsable) {
      const refreshed = await this.#exchange(
        new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken }),
      );
      if (refreshed.ok) return refreshed;
      if (refreshed.error.retryable) {
        // A transient failure: the current token may still have a few seconds of life; use it rather than fail.
        return current.accessExpiresAt > this.#now() ? ok(current.accessToken) : refreshed;
      }
      // Refresh tokens are single-use and die with a revoked session: fall through to a fresh JWT login.
    }
    return this.#exchange(new URLSearchParams({ grant_type: JWT_GRANT, assertion: this.#jwt }));
  }

  async #exchange(form: URLSearchParams): Promise<Result<string, PlatformError>> {
    const result = await this.#grant(form);
    if (!result.ok) {
      const error = result.error;
      // A rejected grant (bad JWT, bad client credentials, spent refresh token) is an authentication failure.
      if (!error.retryable && error.kind === "http") return { ok: false, error: { ...error, kind: "auth" } };
      return result;
    }
    const info = result.value;
    const now = this.#now();
    const lifetimeMs = info.expires_in * 1000;
    this.#tokens = {
      accessToken: info.access_token,
      accessExpiresAt: now + lifetimeMs,
      refreshAt: now + Math.max(lifetimeMs - REFRESH_HANDICAP_MS, lifetimeMs / 2),
      refreshToken: info.refresh_token,
      refreshExpiresAt:
        info.refresh_token_expires_in === undefined ? undefined : now + info.refresh_token_expires_in * 1000,
    };
    return ok(info.access_token);
  }
}
