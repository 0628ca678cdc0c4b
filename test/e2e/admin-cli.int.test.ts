import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml, stringify as toYaml } from "yaml";
import { z } from "zod";
import { setupSchema } from "../../src/admin/setup.ts";
import { runSwitchboard } from "../helpers/hub-process.ts";
import { type RcAdminWorld, startRcAdminWorld } from "../helpers/rc-admin.ts";

/**
 * `switchboard rc export|plan|apply` as an operator runs them in a shell beside a running hub (same database and
 * DATA_DIR): export writes the account, plan of an edited file lists the request, apply sends it and the sandbox
 * shows it, a second plan is empty; a bad file fails in one line. (Waiting out rate windows is table-tested in
 * src/cli/rc-wait.test.ts.)
 */
let w: RcAdminWorld;
let dir: string;
let env: Record<string, string>;

const simAdmin = z.looseObject({
  queues: z.array(z.looseObject({ id: z.string(), extensionNumber: z.string(), members: z.array(z.string()) })),
  users: z.array(z.looseObject({ id: z.string(), extensionNumber: z.string() })),
});
const planOutput = z.object({ requests: z.array(z.looseObject({ method: z.string(), path: z.string() })) });
const cli = (...args: string[]) => runSwitchboard({ args: ["rc", ...args], env });
/** The JSON document a command printed on stdout (log lines may precede it). */
const jsonOf = (stdout: string): unknown => JSON.parse(stdout.slice(stdout.indexOf("{")));

describe("switchboard rc (CLI)", () => {
  beforeAll(async () => {
    w = await startRcAdminWorld();
    dir = await mkdtemp(path.join(os.tmpdir(), "switchboard-rc-cli-"));
    env = {
      DATABASE_URL: w.hub.deps.database.url,
      DATA_DIR: w.hub.deps.config.DATA_DIR,
      ADMIN_API_KEY: w.hub.adminKey,
      LOG_LEVEL: "warn",
    };
  }, 120_000);

  afterAll(async () => {
    await w?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it("exports, plans an edit, applies it, and plans nothing afterwards", async () => {
    const file = path.join(dir, "setup.yaml");
    const exported = await cli("export", file);
    expect(exported.stderr).not.toMatch(/^\s+at /m);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain(`wrote ${file}`);
    const setup = setupSchema.parse(parseYaml(await readFile(file, "utf8")));
    const queue = setup.queues[0];
    const leaving = queue?.members[0];
    if (!queue || !leaving) throw new Error("the export has no queue with members");

    const unchanged = await cli("plan", file);
    expect(unchanged.code).toBe(0);
    expect(planOutput.parse(jsonOf(unchanged.stdout)).requests).toEqual([]);

    queue.members = queue.members.filter((m) => m !== leaving);
    await writeFile(file, toYaml(setup));
    const planned = await cli("plan", file);
    expect(planned.code).toBe(0);
    const requests = planOutput.parse(jsonOf(planned.stdout)).requests;
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      expect.stringMatching(/^POST \/restapi\/v1\.0\/account\/~\/call-queues\/\d+\/bulk-assign$/),
    ]);

    const applied = await cli("apply", file);
    expect(applied.code).toBe(0);
    expect(jsonOf(applied.stdout)).toMatchObject({ writes: 1 });
    const sim = simAdmin.parse(await (await fetch(`${w.simUrl}/_sim/admin`)).json());
    const leaver = sim.users.find((u) => u.extensionNumber === leaving);
    const live = sim.queues.find((q) => q.extensionNumber === queue.extensionNumber);
    expect(live?.members).not.toContain(leaver?.id);
    expect(live?.members).toHaveLength(queue.members.length);

    const again = await cli("plan", file);
    expect(planOutput.parse(jsonOf(again.stdout)).requests).toEqual([]);
  }, 300_000);

  it.each([
    ["missing.json", null, /^switchboard rc plan: cannot read .*missing\.json: no such file$/],
    ["broken.json", "{", /^switchboard rc plan: .*broken\.json is not valid JSON: /],
    ["bad.yaml", 'queues: [{extensionNumber: "801", name: x, members: ["9"]}]', /queues\.0\.members\.0: /],
  ])(
    "refuses %s in plain words, before connecting",
    async (name, content, message) => {
      const file = path.join(dir, name);
      if (content !== null) await writeFile(file, content);
      const run = await cli("plan", file);
      expect(run.code).toBe(2);
      expect(run.stderr.trim()).toMatch(message);
      expect(run.stderr).not.toMatch(/^\s+at /m);
    },
    60_000,
  );
});
