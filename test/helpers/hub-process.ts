import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { z } from "zod";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** The flags the npm scripts use, so the child starts exactly as `npm run serve` / `npm run worker` would. */
const NODE_FLAGS = ["--experimental-strip-types", "--no-warnings=ExperimentalWarning"];
/** pino's numeric levels: 50 is error, 60 fatal. */
const ERROR_LEVEL = 50;

export type LogLine = { stream: "stdout" | "stderr"; text: string; level: number | null };
export type Exit = { code: number | null; signal: NodeJS.Signals | null };

/** A `switchboard` command running as its own operating-system process, with everything it printed kept. */
export type HubProcess = {
  name: string;
  pid: number;
  /** Its HTTP listener: the API for `serve`, /health and /metrics for `worker`. */
  url: string;
  lines: LogLine[];
  exit(): Exit | null;
  /** SIGTERM by pid and wait until it has exited and its output is drained. */
  stop(): Promise<Exit>;
  /** Sends `signal` by pid (SIGKILL: a crash); resolves once it has exited, or at once for SIGSTOP/SIGCONT. */
  signal(signal: NodeJS.Signals): Promise<Exit | null>;
  /** Starts the same command again (same arguments, environment and port): a restart after a crash. */
  respawn(): Promise<HubProcess>;
};

const pinoLine = z.looseObject({ level: z.number() });

export function levelOf(text: string): number | null {
  try {
    const parsed = pinoLine.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.level : null;
  } catch {
    return null;
  }
}

/**
 * Starts `node src/main.ts <args>` with `env` layered over this process's environment and resolves once
 * `<url>/health/ready` answers 200. A child that exits first fails the start with everything it printed.
 */
export type SpawnInput = {
  name: string;
  args: string[];
  env: Record<string, string>;
  url: string;
  readyTimeoutMs?: number;
  /** Another way to start it (e.g. `["npm", "start"]`), run in the repository root; `args` is then unused. */
  command?: [string, ...string[]];
};

export async function spawnHub(input: SpawnInput): Promise<HubProcess> {
  const [file, ...argv] = input.command ?? [process.execPath, ...NODE_FLAGS, "src/main.ts", ...input.args];
  const child = spawn(file, argv, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...input.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: LogLine[] = [];
  let exit: Exit | null = null;
  const closed = new Promise<Exit>((resolve) => {
    // "close" comes after both output streams ended, so no line is lost when stop() resolves.
    child.once("close", (code, signal) => {
      exit = { code, signal };
      resolve(exit);
    });
  });
  collect(child, lines);
  const handle: HubProcess = {
    name: input.name,
    pid: child.pid ?? -1,
    url: input.url,
    lines,
    exit: () => exit,
    stop: async () => {
      if (exit) return exit;
      // A stopped (SIGSTOP) child would never act on SIGTERM.
      child.kill("SIGCONT");
      child.kill("SIGTERM");
      return closed;
    },
    signal: async (signal) => {
      if (exit) return exit;
      child.kill(signal);
      return signal === "SIGSTOP" || signal === "SIGCONT" ? null : closed;
    },
    respawn: () => spawnHub(input),
  };
  if (child.pid === undefined) throw new Error(`${input.name} did not start`);
  const deadline = Date.now() + (input.readyTimeoutMs ?? 90_000);
  while (Date.now() < deadline) {
    if (exit) break;
    const ready = await fetch(`${input.url}/health/ready`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) return handle;
    await new Promise((r) => setTimeout(r, 100));
  }
  const how = exit ? `exited (${JSON.stringify(exit)})` : "did not become ready";
  await handle.stop();
  throw new Error(`${input.name} ${how}:\n${formatLines(handle)}`);
}

function collect(child: ChildProcess, lines: LogLine[]): void {
  for (const stream of ["stdout", "stderr"] as const) {
    const source = child[stream];
    if (!source) continue;
    createInterface({ input: source }).on("line", (text) => {
      if (text.trim() !== "") lines.push({ stream, text, level: levelOf(text) });
    });
  }
}

/**
 * What counts as a process complaining: a log line at error level or above, or anything that is not a log line
 * on stderr (an uncaught exception's stack, a Node warning).
 */
export function errorLines(processes: HubProcess[]): string[] {
  return processes.flatMap((p) =>
    p.lines
      .filter((l) => (l.level !== null && l.level >= ERROR_LEVEL) || (l.level === null && l.stream === "stderr"))
      .map((l) => `${p.name}: ${l.text}`),
  );
}

export function formatLines(p: HubProcess, last = 60): string {
  return p.lines
    .slice(-last)
    .map((l) => `  [${l.stream}] ${l.text}`)
    .join("\n");
}

/** One Prometheus counter's value in a `/metrics` text, summed over the series carrying all of `labels`. */
export function counterValue(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const matches = Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`));
    const value = Number(line.slice(line.lastIndexOf(" ") + 1));
    if (matches && Number.isFinite(value)) total += value;
  }
  return total;
}

export async function scrapeCounter(url: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  return counterValue(await (await fetch(`${url}/metrics`)).text(), name, labels);
}

export type CliRun = { code: number | null; stdout: string; stderr: string };

/**
 * Runs a one-shot `switchboard <args>` command (`node src/main.ts`, as `npx switchboard` does) to completion, with
 * `env` layered over this process's environment and `stdin` written to it.
 */
export async function runSwitchboard(input: {
  args: string[];
  env: Record<string, string>;
  stdin?: string;
}): Promise<CliRun> {
  const child = spawn(process.execPath, [...NODE_FLAGS, "src/main.ts", ...input.args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...input.env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  child.stdin?.end(input.stdin ?? "");
  const code = await new Promise<number | null>((resolve) => child.once("close", (c) => resolve(c)));
  return { code, stdout, stderr };
}
