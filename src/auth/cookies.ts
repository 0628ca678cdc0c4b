import type { SerializeOptions } from "@fastify/cookie";

/** The dashboard's refresh token: httpOnly (no script reads it), SameSite=Strict (no other site sends it). */
export const REFRESH_COOKIE = "sb_refresh";
/** `/api`: the refresh and logout routes read it, and so does the live stream (EventSource sends no headers). */
const COOKIE_PATH = "/api";

/** How the refresh cookie is set (by @fastify/cookie, which parses and serialises it); `maxAge` 0 clears it. */
export function refreshCookieOptions(options: { maxAgeSeconds: number; secure: boolean }): SerializeOptions {
  return {
    path: COOKIE_PATH,
    maxAge: options.maxAgeSeconds,
    httpOnly: true,
    sameSite: "strict",
    secure: options.secure,
  };
}
