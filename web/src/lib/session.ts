import { useSyncExternalStore } from "react";

export type SessionUser = { id: string; email: string; name: string; role: string };

/**
 * Who the dashboard acts as. A user session holds a short-lived access token (renewed through the httpOnly refresh
 * cookie); the API-key session exists so the dashboard works on hubs that have no user login yet.
 */
export type Session =
  | { kind: "user"; accessToken: string; user: SessionUser }
  | { kind: "api-key"; key: string; user: SessionUser };

const API_KEY_STORAGE = "switchboard.apiKey";

let current: Session | null = null;
let restoring = true;
const listeners = new Set<() => void>();

function emit(): void {
  for (const listener of listeners) listener();
}

export const apiKeyUser: SessionUser = { id: "api-key", email: "", name: "Admin API key", role: "admin" };

export function setSession(next: Session | null): void {
  current = next;
  restoring = false;
  // The key survives a reload only within this tab (sessionStorage), never in long-lived storage; user
  // sessions need nothing stored because the refresh cookie restores them.
  try {
    if (next?.kind === "api-key") sessionStorage.setItem(API_KEY_STORAGE, next.key);
    else sessionStorage.removeItem(API_KEY_STORAGE);
  } catch {
    // Storage can be disabled (private mode policies); the session then lasts until reload.
  }
  emit();
}

export function getSession(): Session | null {
  return current;
}

export function isRestoring(): boolean {
  return restoring;
}

export function finishRestoring(): void {
  restoring = false;
  emit();
}

export function storedApiKey(): string | null {
  try {
    return sessionStorage.getItem(API_KEY_STORAGE);
  } catch {
    return null;
  }
}

/** The bearer credential for API calls and the live stream. */
export function bearerToken(session: Session | null = current): string | null {
  if (!session) return null;
  return session.kind === "user" ? session.accessToken : session.key;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useSession(): { session: Session | null; restoring: boolean } {
  const session = useSyncExternalStore(subscribe, () => current);
  const busy = useSyncExternalStore(subscribe, () => restoring);
  return { session, restoring: busy };
}
