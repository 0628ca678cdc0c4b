import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply } from "fastify";

/** Where `npm run build:web` puts the dashboard. */
export const DASHBOARD_DIST_DIR = fileURLToPath(new URL("../../web/dist", import.meta.url));

/** Paths that belong to the hub itself: an unknown one there is a 404 envelope, never the dashboard. */
const RESERVED_PREFIXES = ["/api", "/webhooks", "/docs", "/health", "/metrics"];

const ASSET_EXTENSIONS = new Set([
  ".js",
  ".mjs",
  ".css",
  ".map",
  ".png",
  ".svg",
  ".ico",
  ".jpg",
  ".webp",
  ".woff",
  ".woff2",
  ".json",
  ".txt",
]);

// The dashboard loads only its own files and talks only to this hub.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join("; ");

const isReserved = (urlPath: string) => RESERVED_PREFIXES.some((p) => urlPath === p || urlPath.startsWith(`${p}/`));

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Switchboard</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:560px;margin:80px auto;padding:0 24px;color:#0f172a}
code{background:#f1f5f9;padding:2px 6px;border-radius:4px}</style></head>
<body><h1>Switchboard is running</h1>
<p>The dashboard has not been built yet. Build it once with:</p>
<p><code>npm run build:web</code></p>
<p>then reload this page. The API works meanwhile: see <a href="/docs">/docs</a>.</p></body></html>`;

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Serves the built dashboard at `/`. Files that exist are sent as they are (hashed assets cached for a year);
 * every other GET outside the hub's own prefixes gets index.html, so the dashboard's own routes survive a reload.
 * The folder is looked at per request, so building the dashboard while the hub runs needs no restart.
 */
export async function registerDashboard(app: FastifyInstance, options: { distDir: string }): Promise<void> {
  const root = path.resolve(options.distDir);
  // Cache headers are set here per kind of file; the plugin's own default (max-age=0) would override them.
  await app.register(fastifyStatic, { root, serve: false, cacheControl: false });

  const sendIndex = (reply: FastifyReply) => {
    if (!isFile(path.join(root, "index.html"))) {
      return reply.code(200).type("text/html; charset=utf-8").header("cache-control", "no-store").send(NOT_BUILT_PAGE);
    }
    // index.html names the current asset hashes: it must never be cached, or a new build would load old code.
    return reply
      .header("cache-control", "no-cache")
      .header("content-security-policy", CONTENT_SECURITY_POLICY)
      .header("x-content-type-options", "nosniff")
      .header("referrer-policy", "same-origin")
      .sendFile("index.html", root);
  };

  app.get("/*", { schema: { hide: true } }, async (req, reply) => {
    let urlPath: string;
    try {
      urlPath = decodeURIComponent((req.url.split("?")[0] ?? "/").replace(/\/{2,}/g, "/"));
    } catch {
      return reply.callNotFound();
    }
    if (isReserved(urlPath)) return reply.callNotFound();
    const relative = path.normalize(urlPath).replace(/^([/\\])+/, "");
    const file = path.resolve(root, relative);
    // The resolved path must stay inside the dist folder (no `..` escapes).
    const inside = file === root || file.startsWith(`${root}${path.sep}`);
    if (inside && relative !== "" && relative !== "index.html" && isFile(file)) {
      const immutable = relative.startsWith(`assets${path.sep}`);
      return reply
        .header("cache-control", immutable ? "public, max-age=31536000, immutable" : "public, max-age=300")
        .sendFile(relative, root);
    }
    // A missing asset (a stale tab after a new build) must fail loudly rather than receive HTML as JavaScript.
    if (urlPath.startsWith("/assets/") || ASSET_EXTENSIONS.has(path.extname(urlPath))) return reply.callNotFound();
    return sendIndex(reply);
  });
}

/** True when the dashboard has been built (used by the CLI to tell the operator). */
export function dashboardBuilt(distDir: string): boolean {
  return existsSync(path.join(distDir, "index.html"));
}
