import type { ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { z } from "zod";
import type { SandboxUrls } from "../src/sandbox/sim-api.ts";
import { benchDatabase, freePort, startHubProcess, stopProcess } from "./lib.ts";

export const ADMIN_KEY = "bench-e2e-admin-key-0123456789";

export type E2eHub = {
  url: string;
  urls: SandboxUrls;
  pool: pg.Pool;
  reconcile: { intervalSeconds: number; fullEvery: number };
  pid: number | undefined;
  api<T extends z.ZodType>(schema: T, path: string): Promise<z.infer<T>>;
  stop(): Promise<void>;
};

const agentsSchema = z.object({
  items: z.array(z.object({ email: z.string().nullable(), platforms: z.array(z.unknown()) })),
});

/**
 * `serve --sandbox` as a child process (hub, worker and the three sandboxes in one process, as `npm start` runs
 * them) on free ports, against an embedded PostgreSQL; resolves once the demo team is discovered on all three.
 */
export async function startE2eHub(
  reconcile: { intervalSeconds: number; fullEvery: number },
  /** A compressed day (speed × real time) gets RingCentral's per-minute budgets scaled by the same factor. */
  timeScale = 1,
  /** How long the hub may take to answer /health/ready (a large sandbox team takes longer to seed). */
  readyTimeoutMs = 30_000,
): Promise<E2eHub> {
  const db = await benchDatabase();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "switchboard-e2e-"));
  const ports = {
    hub: await freePort(),
    livechat: await freePort(),
    ringcentral: await freePort(),
    chatwoot: await freePort(),
  };
  let child: ChildProcess | undefined;
  try {
    child = await startHubProcess(
      ["serve", "--sandbox"],
      {
        DATABASE_URL: db.url,
        ADMIN_API_KEY: ADMIN_KEY,
        DATA_DIR: dataDir,
        SANDBOX_LIVECHAT_PORT: String(ports.livechat),
        SANDBOX_RINGCENTRAL_PORT: String(ports.ringcentral),
        SANDBOX_CHATWOOT_PORT: String(ports.chatwoot),
        SANDBOX_LLM_PORT: "0",
        RECONCILE_INTERVAL_SECONDS: String(reconcile.intervalSeconds),
        RECONCILE_FULL_EVERY: String(reconcile.fullEvery),
        SANDBOX_TIME_SCALE: String(timeScale),
        LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? "error",
      },
      ports.hub,
      readyTimeoutMs,
    );
  } catch (error) {
    await db.stop();
    throw error;
  }
  const url = `http://127.0.0.1:${ports.hub}`;
  const pool = new pg.Pool({ connectionString: db.url, max: 2 });
  const hub: E2eHub = {
    url,
    urls: {
      livechat: `http://127.0.0.1:${ports.livechat}`,
      ringcentral: `http://127.0.0.1:${ports.ringcentral}`,
      chatwoot: `http://127.0.0.1:${ports.chatwoot}`,
    },
    pool,
    reconcile,
    pid: child.pid,
    api: async (schema, p) => {
      const res = await fetch(`${url}${p}`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
      if (!res.ok) throw new Error(`GET ${p} → ${res.status}`);
      return schema.parse(await res.json());
    },
    stop: async () => {
      await pool.end();
      if (child) await stopProcess(child);
      await db.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  // The sandbox workspace is wired after /health/ready answers: wait for discovery (bounded).
  for (let i = 0; i < Math.max(100, readyTimeoutMs / 300); i++) {
    const agents = await hub.api(agentsSchema, "/api/agents").catch(() => ({ items: [] }));
    if (agents.items.filter((a) => a.platforms.length === 3).length >= 8) return hub;
    await new Promise((r) => setTimeout(r, 300));
  }
  await hub.stop();
  throw new Error(
    `the demo team was not discovered on all three platforms within ${Math.round(Math.max(30_000, readyTimeoutMs) / 1000)} s`,
  );
}
