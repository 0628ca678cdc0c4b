import { chmod, mkdtemp, readFile, rm } from "node:fs/promises";
import { connect } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { freePort } from "../../bench/lib.ts";
import { configSchema } from "../../src/config.ts";
import { parsePostmasterPid, processExists } from "../../src/db/running-embedded.ts";
import { formatLines, type HubProcess, spawnHub } from "../helpers/hub-process.ts";

/**
 * `npm start` under a process manager or CI runner: the stop signal goes to the npm process, not to the hub.
 * The hub, the sandboxes and the embedded PostgreSQL must all exit, and the next start must work.
 */
let dataDir: string;
let env: Record<string, string>;
let ports: Record<"hub" | "livechat" | "ringcentral" | "chatwoot" | "postgres", number>;
const running: HubProcess[] = [];

/** `npm start` without its prestart (the dashboard build, which other test files own; web/dist may be missing). */
async function npmStart(name: string): Promise<HubProcess> {
  const hub = await spawnHub({
    name,
    args: [],
    command: ["npm", "start", "--ignore-scripts"],
    env,
    url: `http://127.0.0.1:${ports.hub}`,
    readyTimeoutMs: 180_000,
  });
  running.push(hub);
  return hub;
}

/** Resolves true when something accepts a TCP connection on the port, false when it is refused. */
const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });

const postmasterPid = async () => {
  const text = await readFile(path.join(dataDir, "postgres", "postmaster.pid"), "utf8").catch(() => null);
  return text === null ? null : (parsePostmasterPid(text)?.pid ?? null);
};

const logged = (hub: HubProcess, msg: string) =>
  hub.lines.some((l) => l.level !== null && l.text.includes(`"msg":"${msg}"`));
/**
 * Output that is not a log line on stderr: an uncaught exception's stack, a crash during shutdown. (Error-level log
 * lines are not counted: graphile-worker 0.18 can log "Releasing local queue failed" when it is stopped while its
 * local queue holds jobs, which is the library's to fix, not a failed stop.)
 */
const crashes = (hub: HubProcess) =>
  hub.lines.filter((l) => l.stream === "stderr" && l.level === null).map((l) => l.text);

async function expectEverythingStopped(hub: HubProcess, postgresPid: number): Promise<void> {
  for (const [part, port] of Object.entries(ports)) {
    expect(await listening(port), `${part} still listens on ${port}\n${formatLines(hub)}`).toBe(false);
  }
  expect(processExists(postgresPid)).toBe(false);
  expect(await postmasterPid()).toBeNull();
  expect(crashes(hub)).toEqual([]);
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "switchboard-npm-start-"));
  await chmod(dataDir, 0o755);
  const [hub, livechat, ringcentral, chatwoot, postgres, metrics] = await Promise.all(
    Array.from({ length: 6 }, () => freePort()),
  );
  ports = { hub, livechat, ringcentral, chatwoot, postgres } as typeof ports;
  const blank = Object.fromEntries(Object.keys(configSchema.shape).map((k) => [k, ""]));
  env = {
    ...blank,
    HOST: "127.0.0.1",
    PORT: String(hub),
    DATA_DIR: dataDir,
    EMBEDDED_POSTGRES_PORT: String(postgres),
    SANDBOX_LIVECHAT_PORT: String(livechat),
    SANDBOX_RINGCENTRAL_PORT: String(ringcentral),
    SANDBOX_CHATWOOT_PORT: String(chatwoot),
    WORKER_METRICS_PORT: String(metrics),
    LOG_LEVEL: "info",
    npm_config_update_notifier: "false",
  };
});

afterAll(async () => {
  for (const hub of running) await hub.stop();
  await rm(dataDir, { recursive: true, force: true });
}, 120_000);

describe("stopping `npm start` by signalling the npm process", { timeout: 300_000 }, () => {
  it("SIGTERM to npm stops the hub, the sandboxes and the embedded PostgreSQL; the next start works", async () => {
    const first = await npmStart("npm start #1");
    const postgresPid = (await postmasterPid()) ?? -1;
    expect(processExists(postgresPid)).toBe(true);
    for (const port of Object.values(ports)) expect(await listening(port)).toBe(true);

    // HubProcess.stop() sends SIGTERM to the process it spawned: here npm, as a process manager would.
    const exit = await first.stop();
    expect(exit, formatLines(first)).toEqual({ code: 0, signal: null });
    expect(logged(first, "shutting down")).toBe(true);
    expect(logged(first, "stopped")).toBe(true);
    await expectEverythingStopped(first, postgresPid);

    const second = await npmStart("npm start #2");
    expect(logged(second, "embedded PostgreSQL ready")).toBe(true);
    expect(logged(second, "initialising embedded PostgreSQL (first start)")).toBe(false);
    const secondPostgresPid = (await postmasterPid()) ?? -1;

    // SIGINT to npm alone (no terminal): the same clean stop.
    process.kill(second.pid, "SIGINT");
    await vi.waitFor(
      () => {
        if (!second.exit()) throw new Error("npm start is still running");
      },
      { timeout: 120_000, interval: 200 },
    );
    expect(second.exit(), formatLines(second)).toEqual({ code: 0, signal: null });
    await expectEverythingStopped(second, secondPostgresPid);
  });
});
