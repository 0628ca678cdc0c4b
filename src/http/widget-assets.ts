import { readFileSync } from "node:fs";
import type { FastifyInstance } from "fastify";
import { z } from "zod";

const WIDGET_JS = readFileSync(new URL("../chat/widget/widget.js", import.meta.url), "utf8");
const DEMO_HTML = readFileSync(new URL("../chat/widget/demo.html", import.meta.url), "utf8");

const escapeAttr = (v: string) => v.replace(/[^\w-]/g, "");

/**
 * `/widget.js` (the embeddable chat widget), `/widget-demo` (a host page embedding it), and CORS for the public
 * widget API so the widget works from any site (no cookies are involved, so any origin may call it).
 */
export async function registerWidgetAssets(app: FastifyInstance): Promise<void> {
  app.addHook("onRequest", async (req, reply) => {
    if (!req.url.startsWith("/api/widget/")) return;
    reply.header("access-control-allow-origin", "*");
    reply.header("access-control-allow-headers", "authorization, content-type");
    reply.header("access-control-allow-methods", "GET, POST, OPTIONS");
    reply.header("access-control-max-age", "600");
  });
  app.options("/api/widget/*", { schema: { hide: true } }, async (_req, reply) => reply.code(204).send());

  app.get("/widget.js", { schema: { hide: true } }, async (_req, reply) =>
    reply.type("text/javascript; charset=utf-8").header("cache-control", "public, max-age=300").send(WIDGET_JS),
  );

  const demoQuery = z.object({ workspace: z.string().max(64).optional(), group: z.string().max(64).optional() });
  app.get("/widget-demo", { schema: { hide: true } }, async (req, reply) => {
    const q = demoQuery.safeParse(req.query);
    const attrs = [
      q.success && q.data.workspace ? ` data-workspace="${escapeAttr(q.data.workspace)}"` : "",
      q.success && q.data.group ? ` data-group="${escapeAttr(q.data.group)}"` : "",
    ].join("");
    const tag = `<script src="/widget.js"${attrs} async></script>`;
    return reply
      .type("text/html; charset=utf-8")
      .header("content-security-policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'")
      .send(DEMO_HTML.replace("<!--WIDGET-->", tag));
  });
}
