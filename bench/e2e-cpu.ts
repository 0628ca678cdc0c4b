import { readdirSync, readFileSync } from "node:fs";
import os from "node:os";

/** CPU time so far, in ms: the hub child process, this driver, PostgreSQL, and the whole machine (busy = not idle). */
type Sample = { at: number; hubMs: number; driverMs: number; postgresMs: number; machineBusyMs: number };

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** utime+stime (own), and cutime+cstime (reaped children) of a process, in ms. */
function processTimes(pid: number): { own: number; children: number; ppid: number } | undefined {
  try {
    // Fields after the command name (which may contain spaces) start at ") ".
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat
      .slice(stat.lastIndexOf(")") + 2)
      .split(" ")
      .map(Number);
    return {
      own: ((f[11] ?? 0) + (f[12] ?? 0)) * TICK_MS,
      children: ((f[13] ?? 0) + (f[14] ?? 0)) * TICK_MS,
      ppid: f[1] ?? 0,
    };
  } catch {
    return undefined;
  }
}

const pids = () =>
  readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .map(Number);

/**
 * The bench's embedded PostgreSQL: its postmaster (found by the bench's data folder on its command line), its
 * live backends, and the backends it already reaped (counted in its children's times).
 */
function postgresMs(): number {
  let total = 0;
  for (const pid of pids()) {
    let cmdline = "";
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    } catch {
      continue;
    }
    if (!cmdline.includes("switchboard-bench-") || !cmdline.includes("postgres")) continue;
    const master = processTimes(pid);
    if (!master) continue;
    total += master.own + master.children;
    for (const child of pids()) {
      const t = processTimes(child);
      if (t && t.ppid === pid) total += t.own;
    }
  }
  return total;
}

function machineBusyMs(): number {
  try {
    const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
    const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0);
    return (cpu.reduce((a, b) => a + b, 0) - idle) * TICK_MS;
  } catch {
    return Number.NaN;
  }
}

export function cpuSample(hubPid: number | undefined): Sample {
  const usage = process.cpuUsage();
  return {
    at: performance.now(),
    hubMs: hubPid === undefined ? Number.NaN : (processTimes(hubPid)?.own ?? Number.NaN),
    driverMs: (usage.user + usage.system) / 1000,
    postgresMs: postgresMs(),
    machineBusyMs: machineBusyMs(),
  };
}

/** Cores busy over the interval (1.00 = one core), per part; "other" is everything else on the machine. */
export function cpuReport(from: Sample, to: Sample): string {
  const wall = to.at - from.at;
  const d = (k: keyof Sample) => to[k] - from[k];
  const share = (ms: number) => (ms / wall).toFixed(2);
  const other = d("machineBusyMs") - d("hubMs") - d("driverMs") - d("postgresMs");
  return `CPU (cores busy): hub+sandboxes ${share(d("hubMs"))}, PostgreSQL ${share(d("postgresMs"))}, driver ${share(d("driverMs"))}, other processes on the machine ${share(other)}; machine ${share(d("machineBusyMs"))} of ${os.cpus().length}`;
}
