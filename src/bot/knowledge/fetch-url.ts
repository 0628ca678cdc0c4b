import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import type { BotContentType } from "../../db/schema/index.ts";
import { err, ok, type Result } from "../../lib/result.ts";

export type FetchedDocument = { content: string; contentType: BotContentType; finalUrl: string };
export type FetchPolicy = { allowedHosts: string; maxBytes: number; timeoutMs?: number };

const MAX_REDIRECTS = 3;

/** Loopback, private, link-local, CGNAT, multicast and unspecified addresses (IPv4 and IPv6). */
export function isPrivateAddress(address: string): boolean {
  const v4 = address.startsWith("::ffff:") ? address.slice(7) : address;
  if (isIP(v4) === 4) {
    const [a = 0, b = 0] = v4.split(".").map(Number);
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      a >= 224 ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127)
    );
  }
  const v6 = address.toLowerCase();
  return (
    v6 === "::" ||
    v6 === "::1" ||
    v6.startsWith("fe80") ||
    v6.startsWith("fc") ||
    v6.startsWith("fd") ||
    v6.startsWith("ff")
  );
}

function hostAllowed(url: URL, allowedHosts: string): { allowed: boolean; explicit: boolean } {
  const list = allowedHosts
    .split(",")
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  const explicit = list.includes(url.host.toLowerCase()) || list.includes(url.hostname.toLowerCase());
  return { allowed: explicit || list.includes("*"), explicit };
}

async function checkTarget(url: URL, policy: FetchPolicy): Promise<string | null> {
  if (url.protocol !== "http:" && url.protocol !== "https:") return "only http and https URLs can be fetched";
  if (url.username || url.password) return "URLs with credentials are refused";
  const { allowed, explicit } = hostAllowed(url, policy.allowedHosts);
  if (!allowed) return `host ${url.hostname} is not in BOT_FETCH_ALLOWED_HOSTS`;
  if (explicit) return null;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const addresses = isIP(host) ? [host] : (await lookup(host, { all: true }).catch(() => [])).map((a) => a.address);
  if (addresses.length === 0) return `host ${url.hostname} does not resolve`;
  if (addresses.some(isPrivateAddress)) return `host ${url.hostname} resolves to a private address`;
  return null;
}

function typeOf(header: string | null, url: URL): BotContentType | null {
  const type = (header ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (type === "text/html" || type === "application/xhtml+xml") return "html";
  if (type === "text/markdown" || type === "text/x-markdown" || /\.(md|markdown)$/i.test(url.pathname))
    return "markdown";
  if (type === "text/plain" || type === "") return "text";
  return null;
}

/**
 * Fetches a knowledge-base page once, on request: http(s) only, allowed hosts only, never a private address
 * (unless the host is listed explicitly), redirects re-checked, body capped, text types only.
 */
export async function fetchDocument(raw: string, policy: FetchPolicy): Promise<Result<FetchedDocument, string>> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return err("not a valid URL");
  }
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const refused = await checkTarget(url, policy);
    if (refused) return err(refused);
    const res = await fetch(url, {
      redirect: "manual",
      signal: AbortSignal.timeout(policy.timeoutMs ?? 10_000),
      headers: { accept: "text/html, text/markdown, text/plain" },
    }).catch((e: unknown) => (e instanceof Error ? e.message : "fetch failed"));
    if (typeof res === "string") return err(`fetch failed: ${res}`);
    if (res.status >= 300 && res.status < 400) {
      const location = res.headers.get("location");
      await res.body?.cancel();
      if (!location) return err(`HTTP ${res.status} without a Location`);
      url = new URL(location, url);
      continue;
    }
    if (!res.ok) {
      await res.body?.cancel();
      return err(`HTTP ${res.status}`);
    }
    const contentType = typeOf(res.headers.get("content-type"), url);
    if (!contentType) {
      await res.body?.cancel();
      return err(`unsupported content type ${res.headers.get("content-type")}`);
    }
    const body = await readCapped(res, policy.maxBytes);
    if (!body.ok) return body;
    return ok({ content: body.value, contentType, finalUrl: url.toString() });
  }
  return err("too many redirects");
}

async function readCapped(res: Response, maxBytes: number): Promise<Result<string, string>> {
  const reader = res.body?.getReader();
  if (!reader) return ok("");
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return err(`the page is larger than ${maxBytes} bytes`);
    }
    parts.push(value);
  }
  return ok(Buffer.concat(parts).toString("utf8"));
}
