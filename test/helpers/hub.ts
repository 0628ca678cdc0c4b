import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";
import { freePort } from "../../bench/lib.ts";
import { type Sandboxes, startSandboxes } from "../../sim/start.ts";
import { loadConfig } from "../../src/config.ts";
import { ensureDefaultWorkspace } from "../../src/db/workspaces.ts";
import { createDeps, type Deps } from "../../src/deps.ts";
import { buildApp } from "../../src/http/app.ts";
import { startWorker, type WorkerHandle } from "../../src/jobs/worker.ts";
import { createLogger } from "../../src/lib/logger.ts";
import { wireSandboxWorkspace } from "../../src/sandbox/bootstrap.ts";
import { syncPlugins } from "../../src/sync/plugin.ts";
import { createTestDatabase } from "./database.ts";

export type TestHub = {
  url: string;
  app: FastifyInstance;
  deps: Deps;
  workspaceId: string;
  adminKey: string;
  worker: WorkerHandle | null;
  sandboxes: Sandboxes | null;
  /** Calls the API with the admin key. */
  api(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  stop(): Promise<void>;
};

/** The real hub (HTTP + optional worker) on its own database, listening on a free port. */
export async function startTestHub(
  options: {
    worker?: boolean;
    sandboxes?: boolean;
    env?: Record<string, string>;
    /** Sandbox overrides (sim/README.md), e.g. SIM_RINGCENTRAL_RATE_SCALE. */
    sandboxEnv?: Record<string, string>;
    log?: Logger;
  } = {},
): Promise<TestHub> {
  const database = await createTestDatabase();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "switchboard-hub-"));
  const adminKey = "test-admin-key-0123456789";
  // The port is chosen first: the webhook URLs registered with the sandboxes are built from it.
  const port = await freePort();
  const config = loadConfig({
    DATA_DIR: dataDir,
    ADMIN_API_KEY: adminKey,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    PORT: String(port),
    ...options.env,
  });
  const deps = createDeps(config, database.url, options.log ?? createLogger("silent"));
  const workspaceId = await ensureDefaultWorkspace(deps.database.db);
  const worker = options.worker ? await startWorker(deps, syncPlugins(deps)) : null;
  const app = await buildApp(deps, {
    workspaceId,
    worker: worker
      ? { mode: "in-process", running: () => worker.running() }
      : { mode: "external", running: () => false },
  });
  await app.listen({ port, host: "127.0.0.1" });
  const url = `http://127.0.0.1:${port}`;
  const sandboxes = options.sandboxes
    ? await startSandboxes({ ports: { livechat: 0, ringcentral: 0, chatwoot: 0 }, env: options.sandboxEnv })
    : null;
  if (sandboxes) await wireSandboxWorkspace(deps, workspaceId, sandboxes);
  return {
    url,
    app,
    deps,
    workspaceId,
    adminKey,
    worker,
    api: async (method, p, body) => {
      const res = await fetch(`${url}${p}`, {
        method,
        headers: {
          authorization: `Bearer ${adminKey}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
    sandboxes,
    stop: async () => {
      await sandboxes?.close();
      await app.close();
      await worker?.stop();
      await deps.database.close();
      await database.drop();
    },
  };
}

/**
 * Connecting a workspace polls the platforms and writes every agent's initial state. Waits until that is done (every
 * agent's LiveChat state known, no command in flight), so a test's own scenario does not race the start-up writes.
 */
export async function initialWritesSettled(hub: TestHub, timeoutMs = 30_000): Promise<void> {
  type View = { items: Array<{ platforms: Array<{ platform: string; actual: unknown }> }> };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const agents = ((await hub.api("GET", "/api/agents")).body as View).items;
    const known = agents.every((a) => a.platforms.every((p) => p.platform !== "livechat" || p.actual !== null));
    const open = await hub.deps.database.pool.query<{ n: string }>(
      "select count(*)::text as n from commands where status in ('pending', 'running', 'failed')",
    );
    if (known && Number(open.rows[0]?.n) === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}
