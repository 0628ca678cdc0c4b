import { readFile, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import type { Logger } from "pino";
import { parse as parseYaml, stringify as toYaml } from "yaml";
import { applySetup } from "../admin/apply.ts";
import { openTarget } from "../admin/gateway.ts";
import { readLiveAccount } from "../admin/live.ts";
import { exportSetup, planSetup } from "../admin/plan.ts";
import { overflowNeeded, parseSetup, type Setup } from "../admin/setup.ts";
import type { Config } from "../config.ts";
import { listConnections } from "../connections/repo.ts";
import { migrateDatabase } from "../db/migrate.ts";
import { ensureDefaultWorkspace } from "../db/workspaces.ts";
import { createDeps } from "../deps.ts";
import { oneLineError, waitingOutRateLimits } from "./rc-wait.ts";
import { withDatabase } from "./with-database.ts";

export const RC_USAGE = `  rc plan FILE [--connection <id>]   the RingCentral requests that would make the account match FILE (JSON/YAML)
  rc apply FILE [--connection <id>]  send them, in dependency order, within the shared rate limits
  rc export FILE [--connection <id>] write the live account's call-center setup to FILE (.yaml/.yml or .json)`;

/** The same plan / apply / export as the API, for operators at a shell (waits out rate windows instead of failing). */
export async function runRcCommand(config: Config, log: Logger, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { connection: { type: "string" } },
  });
  const file = positionals[0];
  if (!["plan", "apply", "export"].includes(sub ?? "") || !file) {
    console.error(`usage:\n${RC_USAGE}`);
    return 2;
  }
  const yaml = /\.ya?ml$/i.test(file);
  // The file is read and checked before anything connects: a typo fails at once, in one line.
  let setup: Setup | undefined;
  if (sub !== "export") {
    try {
      const text = await readFile(file, "utf8");
      const parsed = parseSetup(yaml ? parseYaml(text, { maxAliasCount: 100 }) : JSON.parse(text));
      if (!parsed.ok) {
        console.error(`${file} is not a valid setup:\n  ${parsed.issues.join("\n  ")}`);
        return 2;
      }
      setup = parsed.setup;
    } catch (error) {
      console.error(`switchboard rc ${sub}: ${oneLineError(error, file)}`);
      return 2;
    }
  }
  try {
    return await withDatabase(config, log, (url) =>
      runAgainstAccount(config, log, url, sub, file, yaml, setup, values.connection),
    );
  } catch (error) {
    console.error(`switchboard rc ${sub}: ${oneLineError(error, file)}`);
    return 1;
  }
}

async function runAgainstAccount(
  config: Config,
  log: Logger,
  url: string,
  sub: string | undefined,
  file: string,
  yaml: boolean,
  setup: Setup | undefined,
  connection: string | undefined,
): Promise<number> {
  await migrateDatabase(url);
  const deps = createDeps(config, url, log);
  // Each step is safe to repeat (reads; apply re-plans from the account): a spent rate window is waited out.
  const patiently = <T>(run: () => Promise<T>) =>
    waitingOutRateLimits(run, {
      now: Date.now,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      onWait: (ms, why) => console.error(`${why}: waiting ${Math.ceil(ms / 1000)} s for the rate window`),
    });
  try {
    const workspaceId = await ensureDefaultWorkspace(deps.database.db);
    const rcs = await listConnections(deps.database.db, workspaceId, "ringcentral");
    const connectionId = connection ?? (rcs.length === 1 ? rcs[0]?.id : undefined);
    if (!connectionId) {
      console.error(
        `name the RingCentral connection with --connection (${rcs.map((r) => r.id).join(", ") || "none exists"})`,
      );
      return 2;
    }
    const target = await openTarget(deps, workspaceId, connectionId);
    const maxWaitMs = 65_000;
    if (sub === "export" || !setup) {
      const exported = exportSetup(await patiently(() => readLiveAccount(target, { maxWaitMs })));
      await writeFile(file, yaml ? toYaml(exported) : `${JSON.stringify(exported, null, 2)}\n`);
      console.log(
        `wrote ${file} (${exported.queues.length} queues, ${exported.ivrMenus.length} IVR menus, ${exported.phoneNumbers.length} numbers)`,
      );
      return 0;
    }
    if (sub === "plan") {
      const live = await patiently(() => readLiveAccount(target, { maxWaitMs, overflowOf: overflowNeeded(setup) }));
      const plan = planSetup(setup, live);
      if (!plan.ok) {
        console.error(`${file} does not fit the account:\n  ${plan.issues.join("\n  ")}`);
        return 1;
      }
      console.log(JSON.stringify({ requests: plan.requests }, null, 2));
      return 0;
    }
    const outcome = await patiently(() =>
      applySetup(target, setup, {
        maxWaitMs,
        onProgress: async (p) => console.error(`round ${p.round}: ${p.writes} sent — ${p.last?.summary ?? ""}`),
      }),
    );
    if (!outcome.ok) {
      console.error(`apply stopped after ${outcome.writes} requests:\n  ${outcome.issues.join("\n  ")}`);
      return 1;
    }
    console.log(JSON.stringify({ writes: outcome.writes, rounds: outcome.rounds }));
    return 0;
  } finally {
    await deps.database.close();
  }
}
