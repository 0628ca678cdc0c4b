import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, eq, isNull } from "drizzle-orm";
import { freePort } from "../../bench/lib.ts";
import { type Sandboxes, startSandboxes } from "../../sim/start.ts";
import { configSchema, loadConfig } from "../../src/config.ts";
import { connectConnection } from "../../src/connections/connect.ts";
import { connections } from "../../src/db/schema/index.ts";
import { ensureDefaultWorkspace } from "../../src/db/workspaces.ts";
import { createDeps, type Deps } from "../../src/deps.ts";
import type { PlatformId } from "../../src/domain/platform.ts";
import { createLogger } from "../../src/lib/logger.ts";
import { wireSandboxWorkspace } from "../../src/sandbox/bootstrap.ts";
import { createTestDatabase } from "./database.ts";
import { type Exit, type HubProcess, spawnHub } from "./hub-process.ts";

/** The production shape: web and worker processes of their own, one PostgreSQL, the sandboxes in this process. */
export type HubCluster = {
  workspaceId: string;
  adminKey: string;
  /** This process's view of the same database (for assertions on rows). */
  deps: Deps;
  sandboxes: Sandboxes;
  webs: HubProcess[];
  workers: HubProcess[];
  /** Calls web process `web` (an index into `webs`) with the admin key. */
  api(web: number, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  /** Stops every child (idempotent), then the sandboxes, and drops the database. */
  stop(): Promise<Exit[]>;
};

export type ClusterOptions = {
  webs: number;
  workers: number;
  /** Which web process each platform's webhooks are registered at (index into `webs`; default 0). */
  webhooksTo?: Partial<Record<PlatformId, number>>;
  env?: Record<string, string>;
  /** How long each child may take to answer /health/ready (default 30 s; a loaded CI machine needs more). */
  readyTimeoutMs?: number;
};

/**
 * Starts the cluster on a fresh database. Every configuration variable the hub knows is set explicitly (empty
 * means unset), so nothing in the test runner's own environment — a DATABASE_URL, SANDBOX — leaks into a child.
 */
export async function startHubCluster(options: ClusterOptions): Promise<HubCluster> {
  const database = await createTestDatabase();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "switchboard-cluster-"));
  const children: HubProcess[] = [];
  let sandboxes: Sandboxes | null = null;
  const opened: Deps[] = [];
  const stop = async (): Promise<Exit[]> => {
    const exits = await Promise.all(children.map((c) => c.stop()));
    await sandboxes?.close();
    for (const d of opened) await d.database.close();
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
    return exits;
  };
  try {
    // Created before any child starts: two processes starting at once on an empty database could each create
    // a "first" workspace (ensureDefaultWorkspace reads, then inserts), and this test is not about that.
    const workspaceId = await ensureDefaultWorkspace(database.db);
    sandboxes = await startSandboxes({ ports: { livechat: 0, ringcentral: 0, chatwoot: 0 } });
    const webPorts = await Promise.all(Array.from({ length: options.webs }, () => freePort()));
    const workerPorts = await Promise.all(Array.from({ length: options.workers }, () => freePort()));
    const webUrls = webPorts.map((p) => `http://127.0.0.1:${p}`);
    const adminKey = `cluster-admin-${randomBytes(12).toString("hex")}`;
    const blank = Object.fromEntries(Object.keys(configSchema.shape).map((k) => [k, ""]));
    const env: Record<string, string> = {
      ...blank,
      DATABASE_URL: database.url,
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      PUBLIC_URL: webUrls[0] ?? "",
      ADMIN_API_KEY: adminKey,
      SECRET_KEY: randomBytes(32).toString("hex"),
      LOG_LEVEL: "info",
      WORKER_CONCURRENCY: "4",
      ...options.env,
    };
    const started = await Promise.allSettled([
      ...webPorts.map((port, i) =>
        spawnHub({
          name: `web#${i + 1}`,
          args: ["serve", "--no-worker"],
          env: { ...env, PORT: String(port) },
          url: `http://127.0.0.1:${port}`,
          readyTimeoutMs: options.readyTimeoutMs,
        }),
      ),
      ...workerPorts.map((port, i) =>
        spawnHub({
          name: `worker#${i + 1}`,
          args: ["worker"],
          env: { ...env, WORKER_METRICS_PORT: String(port) },
          url: `http://127.0.0.1:${port}`,
          readyTimeoutMs: options.readyTimeoutMs,
        }),
      ),
    ]);
    for (const s of started) if (s.status === "fulfilled") children.push(s.value);
    const failed = started.find((s) => s.status === "rejected");
    if (failed) throw failed.reason;

    // The test process wires the workspace as `serve --sandbox` would, with the same keys as the children.
    const depsFor = (publicUrl: string) => {
      const config = loadConfig({ ...env, PUBLIC_URL: publicUrl, LOG_LEVEL: "silent" });
      const deps = createDeps(config, database.url, createLogger("silent"));
      opened.push(deps);
      return deps;
    };
    const deps = depsFor(webUrls[0] ?? "");
    await wireSandboxWorkspace(deps, workspaceId, sandboxes);
    for (const [platform, web] of Object.entries(options.webhooksTo ?? {})) {
      const url = webUrls[web];
      if (!web || !url) continue;
      // Connecting again registers the webhooks at the other web process (the old registration is replaced).
      const [row] = await deps.database.db
        .select({ id: connections.id })
        .from(connections)
        .where(
          and(
            eq(connections.workspaceId, workspaceId),
            eq(connections.platform, platform),
            isNull(connections.deletedAt),
          ),
        );
      if (!row) throw new Error(`no ${platform} connection was wired`);
      await connectConnection(depsFor(url), workspaceId, "test", row.id);
    }
    const rows = await deps.database.db
      .select({ platform: connections.platform, status: connections.status, result: connections.connectResult })
      .from(connections)
      .where(eq(connections.workspaceId, workspaceId));
    const broken = rows.filter((r) => r.status !== "connected");
    if (broken.length > 0) throw new Error(`sandbox connections did not connect: ${JSON.stringify(broken)}`);

    return {
      workspaceId,
      adminKey,
      deps,
      sandboxes,
      webs: children.filter((c) => c.name.startsWith("web")),
      workers: children.filter((c) => c.name.startsWith("worker")),
      api: async (web, method, p, body) => {
        const res = await fetch(`${webUrls[web]}${p}`, {
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
      stop,
    };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
