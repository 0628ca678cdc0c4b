import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { startEmbeddedPostgres } from "../src/db/embedded.ts";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      srv.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** DATABASE_URL when set, else a fresh embedded PostgreSQL in a temp folder (removed afterwards). */
export async function benchDatabase(): Promise<{ url: string; stop(): Promise<void> }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => undefined };
  const dir = await mkdtemp(path.join(os.tmpdir(), "switchboard-bench-"));
  const { chmod } = await import("node:fs/promises");
  await chmod(dir, 0o755);
  const server = await startEmbeddedPostgres({
    dataDir: dir,
    port: await freePort(),
    database: "bench",
    log: pino({ level: "silent" }),
  });
  return {
    url: server.url,
    stop: async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Starts `switchboard <args>` as a child process and resolves once it answers /health/ready. */
export async function startHubProcess(
  args: string[],
  env: Record<string, string>,
  port: number,
  readyTimeoutMs = 30_000,
): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["src/main.ts", ...args], {
    env: { ...process.env, ...env, PORT: String(port), LOG_LEVEL: env.LOG_LEVEL ?? "warn" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  for (let i = 0; i < readyTimeoutMs / 100; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill("SIGTERM");
  throw new Error("hub did not become ready");
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}
