import { sessionSchema } from "../../src/api/auth-contracts.ts";
import { createUser } from "../../src/auth/users.ts";
import type { UserRole } from "../../src/db/schema/index.ts";
import { workspaces } from "../../src/db/schema/index.ts";
import { newId } from "../../src/lib/ids.ts";
import { parseReply } from "./contract.ts";
import type { TestHub } from "./hub.ts";

export type Session = { accessToken: string; cookie: string; userId: string };
export type Call = { status: number; body: unknown; headers: Headers };

/** Creates a user directly in the hub's database (any workspace) and signs them in through the API. */
export async function signedIn(
  hub: TestHub,
  role: UserRole,
  options: { workspaceId?: string; email?: string; password?: string } = {},
): Promise<Session> {
  const email = options.email ?? `${role}-${newId("usr").slice(-8)}@example.test`;
  const password = options.password ?? "a-long-test-password";
  const user = await createUser(hub.deps.database.db, {
    workspaceId: options.workspaceId ?? hub.workspaceId,
    email,
    name: role,
    role,
    password,
  });
  const res = await login(hub, email, password);
  return {
    accessToken: parseReply(sessionSchema, res).accessToken,
    cookie: cookieOf(res.headers),
    userId: user.id,
  };
}

export async function login(
  hub: TestHub,
  email: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<Call> {
  return call(hub, "POST", "/api/auth/login", { body: { email, password }, headers });
}

export async function newWorkspace(hub: TestHub, name: string): Promise<string> {
  const id = newId("wsp");
  await hub.deps.database.db.insert(workspaces).values({ id, workspaceId: id, name });
  return id;
}

/** `sb_refresh=<value>` from a response's Set-Cookie, ready to send back. */
export function cookieOf(headers: Headers): string {
  const set = headers.get("set-cookie") ?? "";
  return set.split(";")[0] ?? "";
}

export async function call(
  hub: TestHub,
  method: string,
  path: string,
  options: { token?: string; cookie?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Call> {
  const res = await fetch(`${hub.url}${path}`, {
    method,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.cookie ? { cookie: options.cookie } : {}),
      ...(options.body === undefined ? {} : { "content-type": "application/json" }),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  return { status: res.status, body, headers: res.headers };
}
