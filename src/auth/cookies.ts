/** The dashboard's refresh token: httpOnly (no script reads it), SameSite=Strict (no other site sends it). */
export const REFRESH_COOKIE = "sb_refresh";
/** `/api`: the refresh and logout routes read it, and so does the live stream (EventSource sends no headers). */
const COOKIE_PATH = "/api";

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 1) continue;
    const name = part.slice(0, eq).trim();
    const raw = part.slice(eq + 1).trim();
    try {
      out.set(name, decodeURIComponent(raw));
    } catch {
      out.set(name, raw);
    }
  }
  return out;
}

export function refreshCookie(token: string, options: { maxAgeSeconds: number; secure: boolean }): string {
  return serialize(encodeURIComponent(token), options.maxAgeSeconds, options.secure);
}

export function clearedRefreshCookie(secure: boolean): string {
  return serialize("", 0, secure);
}

function serialize(value: string, maxAgeSeconds: number, secure: boolean): string {
  const parts = [
    `${REFRESH_COOKIE}=${value}`,
    `Path=${COOKIE_PATH}`,
    `Max-Age=${maxAgeSeconds}`,
    "HttpOnly",
    "SameSite=Strict",
  ];
  if (secure) parts.push("Secure");
  return parts.join("; ");
}
