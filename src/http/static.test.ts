import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import Fastify, { type FastifyInstance } from "fastify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { installErrorHandler } from "./errors.ts";
import { registerDashboard } from "./static.ts";

let dir: string;
let app: FastifyInstance;

async function build(): Promise<FastifyInstance> {
  const instance = Fastify();
  installErrorHandler(instance);
  instance.get("/api/agents", async () => ({ items: [] }));
  instance.get("/docs/json", async () => ({ openapi: "3.0.0" }));
  await registerDashboard(instance, { distDir: dir });
  await instance.ready();
  return instance;
}

async function writeDist(): Promise<void> {
  await mkdir(path.join(dir, "assets"), { recursive: true });
  await writeFile(path.join(dir, "index.html"), "<!doctype html><title>dashboard</title><div id=root></div>");
  await writeFile(path.join(dir, "assets", "index-abc123.js"), "console.log('app')");
  await writeFile(path.join(dir, "favicon.svg"), "<svg/>");
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "switchboard-dist-"));
});

afterEach(async () => {
  await app?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("registerDashboard", () => {
  it("explains how to build the dashboard when web/dist is missing", async () => {
    app = await build();
    const res = await app.inject({ method: "GET", url: "/" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("text/html");
    expect(res.body).toContain("npm run build:web");
  });

  it("serves index.html at / and for every dashboard route (SPA fallback)", async () => {
    await writeDist();
    app = await build();
    for (const url of ["/", "/agents", "/conversations/cnv_01abc", "/sync-log?status=dead", "/customers/cus_1/"]) {
      const res = await app.inject({ method: "GET", url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toContain("<title>dashboard</title>");
      expect(res.headers["cache-control"], url).toBe("no-cache");
    }
  });

  it("serves built assets with long caching, and other files with short caching", async () => {
    await writeDist();
    app = await build();
    const asset = await app.inject({ method: "GET", url: "/assets/index-abc123.js" });
    expect(asset.statusCode).toBe(200);
    expect(asset.body).toBe("console.log('app')");
    expect(asset.headers["cache-control"]).toContain("immutable");
    const icon = await app.inject({ method: "GET", url: "/favicon.svg" });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers["cache-control"]).toBe("public, max-age=300");
  });

  it("answers a missing asset with 404, not with index.html", async () => {
    await writeDist();
    app = await build();
    for (const url of ["/assets/index-old999.js", "/missing.css"]) {
      const res = await app.inject({ method: "GET", url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json(), url).toMatchObject({ error: { code: "not_found" } });
    }
  });

  it("never answers the hub's own prefixes with the dashboard", async () => {
    await writeDist();
    app = await build();
    for (const url of ["/api/nope", "/api", "/webhooks/livechat/con_x", "/docs/nope", "/health/nope", "/metrics/x"]) {
      const res = await app.inject({ method: "GET", url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json(), url).toMatchObject({ error: { code: "not_found" } });
    }
    expect((await app.inject({ method: "GET", url: "/api/agents" })).json()).toEqual({ items: [] });
    expect((await app.inject({ method: "GET", url: "/docs/json" })).json()).toEqual({ openapi: "3.0.0" });
  });

  it("does not serve files outside the dist folder", async () => {
    await writeDist();
    await writeFile(path.join(path.dirname(dir), `${path.basename(dir)}-secret.txt`), "TOP-SECRET-CONTENT");
    app = await build();
    for (const url of [
      `/../${path.basename(dir)}-secret.txt`,
      `/%2e%2e/${path.basename(dir)}-secret.txt`,
      "/..%2f..%2fetc%2fpasswd",
    ]) {
      const res = await app.inject({ method: "GET", url });
      expect(res.body, url).not.toContain("TOP-SECRET-CONTENT");
      expect(res.body, url).not.toContain("root:");
    }
    await rm(path.join(path.dirname(dir), `${path.basename(dir)}-secret.txt`), { force: true });
  });

  it("answers malformed URLs and non-GET methods with an error, not the page", async () => {
    await writeDist();
    app = await build();
    // Fastify itself may refuse the URL (400) before routing; either way no page and no crash.
    expect([400, 404]).toContain((await app.inject({ method: "GET", url: "/%E0%A4%A" })).statusCode);
    expect((await app.inject({ method: "POST", url: "/agents" })).statusCode).toBe(404);
  });

  it("picks up a dashboard built after the hub started", async () => {
    app = await build();
    expect((await app.inject({ method: "GET", url: "/" })).body).toContain("npm run build:web");
    await writeDist();
    expect((await app.inject({ method: "GET", url: "/" })).body).toContain("<title>dashboard</title>");
  });

  it("sends a content security policy with the page", async () => {
    await writeDist();
    app = await build();
    const res = await app.inject({ method: "GET", url: "/" });
    expect(res.headers["content-security-policy"]).toContain("default-src 'self'");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
  });
});
