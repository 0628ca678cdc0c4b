import { z } from "zod";
import type { SessionDto } from "../../../src/api/auth-contracts.ts";
import { apiKeyUser, bearerToken, getSession, type Session, type SessionUser, setSession } from "./session.ts";

/** An API failure with the hub's error envelope decoded, so pages can explain what went wrong. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId: string | null;
  constructor(status: number, code: string, message: string, requestId: string | null) {
    super(message);
    this.status = status;
    this.code = code;
    this.requestId = requestId;
  }

  /** The hub answered "no such route": the feature is not on this hub (yet), as opposed to a missing record. */
  get routeMissing(): boolean {
    return this.status === 404 && this.message.startsWith("no route");
  }
}

const envelope = z.object({
  error: z.object({ code: z.string(), message: z.string(), requestId: z.string().optional() }),
});

export type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function toApiError(res: Response): Promise<ApiError> {
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON: a proxy or an old hub; the status line is all we can show.
  }
  const env = envelope.safeParse(parsed);
  if (env.success) {
    const { code, message, requestId } = env.data.error;
    return new ApiError(res.status, code, message, requestId ?? res.headers.get("x-request-id"));
  }
  return new ApiError(
    res.status,
    `http_${res.status}`,
    text.slice(0, 200) || res.statusText,
    res.headers.get("x-request-id"),
  );
}

async function send(
  method: string,
  path: string,
  body: unknown,
  session: Session | null,
  accept = "application/json",
): Promise<Response> {
  const headers: Record<string, string> = { accept };
  const token = bearerToken(session);
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  try {
    return await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
    });
  } catch (error) {
    throw new ApiError(
      0,
      "network",
      `Cannot reach the hub (${error instanceof Error ? error.message : "network error"})`,
      null,
    );
  }
}

/** The body of login and refresh: checked for the fields the dashboard uses, typed by the server's contract. */
const authResponse = z.custom<SessionDto>(
  (v) =>
    typeof v === "object" &&
    v !== null &&
    typeof (v as SessionDto).accessToken === "string" &&
    !!(v as SessionDto).user,
);

let refreshing: Promise<Session | null> | null = null;

/** Exchanges the refresh cookie for a new access token; concurrent callers share one request. */
export function refreshSession(): Promise<Session | null> {
  refreshing ??= (async () => {
    try {
      const res = await send("POST", "/api/auth/refresh", {}, null);
      if (!res.ok) return null;
      const data = authResponse.safeParse(await res.json());
      if (!data.success) return null;
      const user: SessionUser = { ...data.data.user, name: data.data.user.name || data.data.user.email };
      return { kind: "user" as const, accessToken: data.data.accessToken, user };
    } catch {
      return null;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/** Sends with the session's credentials, renewing a user's access token once when it has expired. */
async function authorized(method: string, path: string, body?: unknown, accept?: string): Promise<Response> {
  const session = getSession();
  let res = await send(method, path, body, session, accept);
  if (res.status === 401 && session?.kind === "user") {
    const renewed = await refreshSession();
    if (renewed) {
      setSession(renewed);
      res = await send(method, path, body, renewed, accept);
    } else {
      setSession(null);
    }
  }
  if (!res.ok) throw await toApiError(res);
  return res;
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await authorized(method, path, body);
  if (res.status === 204) return null as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : null) as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>("GET", withQuery(path, query)),
  post: <T>(path: string, body?: unknown) => request<T>("POST", path, body ?? {}),
  patch: <T>(path: string, body: unknown) => request<T>("PATCH", path, body),
  put: <T>(path: string, body: unknown) => request<T>("PUT", path, body),
  delete: <T>(path: string) => request<T>("DELETE", path),
  /** A binary body (a call recording) fetched with the session's auth, which a plain link cannot send. */
  blob: async (path: string): Promise<Blob> => (await authorized("GET", path)).blob(),
  /** A download in another format (a call log as CSV), asked for with the Accept header. */
  download: async (path: string, accept: string): Promise<Blob> =>
    (await authorized("GET", path, undefined, accept)).blob(),
};

/** Parses a response of an API whose shape this dashboard only assumes (documented as UNCONFIRMED where used). */
export async function getParsed<S extends z.ZodType>(schema: S, path: string, query?: Query): Promise<z.infer<S>> {
  const data = await api.get<unknown>(path, query);
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    throw new ApiError(
      200,
      "unexpected_shape",
      `The hub answered ${path} in a shape this dashboard does not understand`,
      null,
    );
  }
  return parsed.data;
}

export async function loginWithPassword(email: string, password: string): Promise<Session> {
  const res = await send("POST", "/api/auth/login", { email, password }, null);
  if (!res.ok) throw await toApiError(res);
  const data = authResponse.parse(await res.json());
  return {
    kind: "user",
    accessToken: data.accessToken,
    user: { ...data.user, name: data.user.name || data.user.email },
  };
}

export async function logoutUser(): Promise<void> {
  // Best effort: the cookie is cleared server-side; a hub without the route has nothing to clear.
  await send("POST", "/api/auth/logout", {}, getSession()).catch(() => undefined);
}

export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return error.message;
    if (error.status === 401) return "Your session is not valid any more. Sign in again.";
    if (error.status === 403) return `Your role cannot do this: ${error.message}`;
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

// `GET /api/auth/me` answers `{ actor, role, user | null }`; a bare user is accepted too, in case the shape changes.
const meUser = z.object({
  id: z.string(),
  email: z.string().default(""),
  name: z.string().default("API key"),
  role: z.string(),
});
const meResponse = z.union([
  z.object({ actor: z.string().optional(), role: z.string(), user: meUser.nullable().optional() }).transform(
    (m) =>
      m.user ?? {
        id: m.actor ?? "api-key",
        email: "",
        name: m.actor === "api-key:admin" ? "Admin API key" : "API key",
        role: m.role,
      },
  ),
  meUser,
]);

/** Checks an API key against a read-only route before keeping it, so a typo fails on the login page. */
export async function verifyApiKey(key: string): Promise<Session> {
  const res = await send("GET", "/api/agents", undefined, { kind: "api-key", key, user: apiKeyUser });
  if (!res.ok) throw await toApiError(res);
  // Hubs with user accounts may describe the key's owner; older hubs know only "the admin key".
  const me = await send("GET", "/api/auth/me", undefined, { kind: "api-key", key, user: apiKeyUser }).catch(() => null);
  const parsed = me?.ok ? meResponse.safeParse(await me.json().catch(() => null)) : null;
  const user = parsed?.success ? { ...apiKeyUser, ...parsed.data } : apiKeyUser;
  return { kind: "api-key", key, user };
}
