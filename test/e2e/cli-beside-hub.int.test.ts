import { chmod, mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { freePort } from "../../bench/lib.ts";
import { configSchema } from "../../src/config.ts";
import { parsePostmasterPid, processExists } from "../../src/db/running-embedded.ts";
import { formatLines, type HubProcess, runSwitchboard, spawnHub } from "../helpers/hub-process.ts";

/**
 * The `switchboard` CLI as an operator uses it next to `npm start`: the hub runs its embedded PostgreSQL in
 * DATA_DIR, and one-shot commands in another shell, with the same DATA_DIR, use that server instead of trying to
 * start a second one on the same folder.
 */
const ADMIN_EMAIL = "lead@example.test";
const ADMIN_PASSWORD = "first-admin-password";

let dataDir: string;
let env: Record<string, string>;
let hub: HubProcess;
let adminKey: string;

const connectionList = z.array(z.object({ id: z.string(), platform: z.string(), name: z.string() }));
const connectResult = z.object({ ok: z.boolean(), steps: z.array(z.object({ ok: z.boolean(), step: z.string() })) });
const resetOutput = z.object({ id: z.string(), email: z.string(), sessionsEnded: z.number() });

const cli = (args: string[], stdin?: string) =>
  runSwitchboard({ args, env, ...(stdin === undefined ? {} : { stdin }) });
const json = (stdout: string): unknown =>
  JSON.parse(stdout.slice(stdout.search(/[[{]/), stdout.search(/[\]}]\s*$/) + 1));

async function api(method: string, route: string, options: { token?: string; cookie?: string; body?: unknown } = {}) {
  const res = await fetch(`${hub.url}${route}`, {
    method,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.cookie ? { cookie: options.cookie } : {}),
      ...(options.body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text ? (JSON.parse(text) as unknown) : null,
    cookie: res.headers.get("set-cookie"),
  };
}

async function login(email: string, password: string) {
  const res = await api("POST", "/api/auth/login", { body: { email, password } });
  const token = z.object({ accessToken: z.string() }).safeParse(res.body);
  return {
    status: res.status,
    accessToken: token.success ? token.data.accessToken : "",
    cookie: (res.cookie ?? "").split(";")[0] ?? "",
  };
}

/** The embedded server's pid from PostgreSQL's own pid file, or null when it is not running. */
async function postgresPid(): Promise<number | null> {
  const text = await readFile(path.join(dataDir, "postgres", "postmaster.pid"), "utf8").catch(() => null);
  return text === null ? null : (parsePostmasterPid(text)?.pid ?? null);
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "switchboard-cli-"));
  await chmod(dataDir, 0o755);
  const [port, pgPort, lc, rc, cw, metrics] = await Promise.all(Array.from({ length: 6 }, () => freePort()));
  const blank = Object.fromEntries(Object.keys(configSchema.shape).map((k) => [k, ""]));
  env = {
    ...blank,
    HOST: "127.0.0.1",
    PORT: String(port),
    DATA_DIR: dataDir,
    EMBEDDED_POSTGRES_PORT: String(pgPort),
    SANDBOX_LIVECHAT_PORT: String(lc),
    SANDBOX_RINGCENTRAL_PORT: String(rc),
    SANDBOX_CHATWOOT_PORT: String(cw),
    WORKER_METRICS_PORT: String(metrics),
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    LOG_LEVEL: "info",
  };
  // Embedded PostgreSQL (DATABASE_URL unset), generated SECRET_KEY and admin key in DATA_DIR: `npm start`'s setup.
  hub = await spawnHub({
    name: "hub",
    args: ["serve", "--sandbox"],
    env,
    url: `http://127.0.0.1:${port}`,
    readyTimeoutMs: 180_000,
  });
  adminKey = (await readFile(path.join(dataDir, "admin-api-key"), "utf8")).trim();
}, 240_000);

afterAll(async () => {
  await hub?.stop();
  await rm(dataDir, { recursive: true, force: true });
}, 120_000);

// Each command is a fresh Node process (migrations checked, argon2 hashing): minutes on a loaded CI machine.
describe("the CLI beside a running hub (embedded PostgreSQL)", { timeout: 240_000 }, () => {
  it("lists the hub's connections from the hub's own database server, and leaves that server running", async () => {
    const before = await postgresPid();
    expect(before).not.toBeNull();
    const run = await cli(["connections", "list"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain("using the embedded PostgreSQL of the running hub");
    const listed = connectionList.parse(JSON.parse(run.stdout));
    const fromApi = connectionList.parse(
      z.object({ items: z.unknown() }).parse((await api("GET", "/api/connections", { token: adminKey })).body).items,
    );
    expect(listed.map((c) => c.id).sort()).toEqual(fromApi.map((c) => c.id).sort());
    expect(listed.map((c) => c.platform).sort()).toEqual(["chatwoot", "livechat", "ringcentral"]);
    expect(await postgresPid()).toBe(before);
    expect((await api("GET", "/health/ready")).status).toBe(200);
  });

  it("creates a connection the hub then connects with the credentials the CLI stored", async () => {
    const credentials = z
      .object({ accountId: z.number(), admin: z.object({ accessToken: z.string() }) })
      .parse(await (await fetch(`http://127.0.0.1:${env.SANDBOX_CHATWOOT_PORT}/_sim/credentials`)).json());
    const run = await cli([
      "connections",
      "create",
      "--platform",
      "chatwoot",
      "--name",
      "Created from the CLI",
      "--settings",
      JSON.stringify({ baseUrl: `http://127.0.0.1:${env.SANDBOX_CHATWOOT_PORT}`, accountId: credentials.accountId }),
      "--credentials",
      JSON.stringify({ apiAccessToken: credentials.admin.accessToken }),
    ]);
    expect(run.code, run.stderr).toBe(0);
    const created = z.object({ id: z.string(), name: z.string() }).parse(json(run.stdout));
    const connected = await api("POST", `/api/connections/${created.id}/connect`, { token: adminKey });
    expect(connected.status, JSON.stringify(connected.body)).toBe(200);
    expect(connectResult.parse(connected.body).ok).toBe(true);
  });

  it("connects RingCentral, whose subscription handshake the running hub answers", async () => {
    const listed = connectionList.parse(JSON.parse((await cli(["connections", "list"])).stdout));
    const ringcentral = listed.find((c) => c.platform === "ringcentral");
    expect(ringcentral).toBeDefined();
    const run = await cli(["connections", "connect", ringcentral?.id ?? ""]);
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    const result = connectResult.parse(json(run.stdout));
    expect(result.steps.filter((s) => !s.ok)).toEqual([]);
  });

  it("creates an admin (password from stdin) who can sign in to the running hub", async () => {
    const run = await cli(
      ["users", "create-admin", "--email", "second@example.test", "--password-stdin"],
      "from-stdin-password\n",
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toContain("from-stdin-password");
    expect((await login("second@example.test", "from-stdin-password")).status).toBe(200);
    const again = await cli(
      ["users", "create-admin", "--email", "second@example.test", "--password-stdin"],
      "another-password-x\n",
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("exists");
  });

  it("resets a password: a generated one is printed once, the old one and every session stop working", async () => {
    const session = await login(ADMIN_EMAIL, ADMIN_PASSWORD);
    expect(session.status).toBe(200);
    expect((await api("GET", "/api/auth/me", { token: session.accessToken })).status).toBe(200);

    const run = await cli(["users", "reset-password", "--email", ADMIN_EMAIL.toUpperCase()]);
    expect(run.code, run.stderr).toBe(0);
    expect(resetOutput.parse(json(run.stdout.split("password (shown once)")[0] ?? "")).sessionsEnded).toBe(1);
    const generated = /password \(shown once\): (\S+)/.exec(run.stdout)?.[1] ?? "";
    expect(generated.length).toBeGreaterThanOrEqual(12);

    expect((await login(ADMIN_EMAIL, ADMIN_PASSWORD)).status).toBe(401);
    expect((await api("GET", "/api/auth/me", { token: session.accessToken })).status).toBe(401);
    expect((await api("POST", "/api/auth/refresh", { cookie: session.cookie })).status).toBe(401);
    expect((await login(ADMIN_EMAIL, generated)).status).toBe(200);
  });

  it("resets a password to one read from stdin, printing no password", async () => {
    const run = await cli(
      ["users", "reset-password", "--email", ADMIN_EMAIL, "--password-stdin"],
      "chosen-by-the-operator\n",
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toContain("chosen-by-the-operator");
    expect(run.stdout).not.toContain("shown once");
    expect((await login(ADMIN_EMAIL, "chosen-by-the-operator")).status).toBe(200);
  });

  it("refuses an unknown email, a short password and a missing --email with a reason", async () => {
    const unknown = await cli(["users", "reset-password", "--email", "nobody@example.test"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("no user with the email nobody@example.test");
    const short = await cli(["users", "reset-password", "--email", ADMIN_EMAIL, "--password-stdin"], "short\n");
    expect(short.code).toBe(2);
    expect(short.stderr).toContain("at least 12 characters");
    expect((await login(ADMIN_EMAIL, "chosen-by-the-operator")).status).toBe(200);
    const missing = await cli(["users", "reset-password"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--email is required");
  });

  it("after the hub stops, starts the embedded server for one command and stops it again", async () => {
    const exit = await hub.stop();
    expect(exit, formatLines(hub)).toEqual({ code: 0, signal: null });
    const pidAfterHub = await postgresPid();
    expect(pidAfterHub === null || !processExists(pidAfterHub)).toBe(true);
    const run = await cli(["connections", "list"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain("running hub");
    expect(connectionList.parse(JSON.parse(run.stdout)).map((c) => c.name)).toContain("Created from the CLI");
    expect(await postgresPid()).toBeNull();
  });
});
