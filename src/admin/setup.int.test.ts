import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { z } from "zod";
import { extensionIdFor } from "../../sim/ringcentral/state.ts";
import { type RcAdminWorld, startRcAdminWorld } from "../../test/helpers/rc-admin.ts";
import { type Setup, setupSchema } from "./setup.ts";

const job = z.looseObject({
  id: z.string(),
  status: z.string(),
  progress: z.object({ done: z.number(), total: z.number() }),
  result: z.unknown(),
  lastError: z.string().nullable(),
});
const planAnswer = z.object({ requests: z.array(z.looseObject({ method: z.string(), path: z.string() })) });
const WRITE = /^(POST|PUT|PATCH|DELETE) /;

let w: RcAdminWorld;
beforeAll(async () => {
  w = await startRcAdminWorld({ worker: true });
});
afterAll(async () => {
  await w?.stop();
});

async function exported(): Promise<Setup> {
  const res = await w.call("GET", `${w.prefix}/setup`);
  expect(res.status).toBe(200);
  return setupSchema.parse(res.body);
}

async function finished(jobId: string): Promise<z.infer<typeof job>> {
  for (let i = 0; i < 300; i++) {
    const res = job.parse((await w.call("GET", `${w.prefix}/jobs/${jobId}`)).body);
    if (res.status === "succeeded" || res.status === "failed") return res;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`job ${jobId} did not finish`);
}

async function apply(setup: Setup) {
  const res = await w.call("POST", `${w.prefix}/apply`, { body: setup });
  expect(res.status).toBe(202);
  return finished(job.parse(res.body).id);
}

describe("plan and apply a call-center setup", () => {
  it("round-trips: export → empty plan → edit → apply → export equals the edit → apply again sends nothing", async () => {
    const start = await exported();
    expect(start.queues.map((q) => q.extensionNumber)).toEqual(["801", "802"]);
    const noop = await w.call("POST", `${w.prefix}/plan`, { body: start });
    expect(planAnswer.parse(noop.body).requests).toEqual([]);

    const edit: Setup = structuredClone(start);
    const [support, sales] = edit.queues;
    if (!support || !sales) throw new Error("seed queues missing");
    support.members = ["101", "102", "108"];
    sales.overflow = { enabled: true, queues: ["803"] };
    edit.queues.push({
      extensionNumber: "803",
      name: "Billing",
      members: ["103", "104"],
      overflow: { enabled: false, queues: [] },
    });
    const menu = edit.ivrMenus[0];
    if (!menu) throw new Error("seed menu missing");
    const toBilling: (typeof menu.actions)[number] = { input: "2", action: "Connect", extension: "803" };
    menu.actions = [...menu.actions.filter((a) => a.input !== "2"), toBilling].sort((a, b) =>
      a.input.localeCompare(b.input),
    );
    edit.businessHours = { monday: [{ from: "08:00", to: "18:00" }], saturday: [{ from: "10:00", to: "14:00" }] };
    const spare = edit.phoneNumbers.find((n) => n.extension === null);
    if (!spare) throw new Error("no spare number");
    spare.extension = "803";

    // YAML works as well as JSON; the plan shows the new queue's requests in dependency order.
    const plan = await w.call("POST", `${w.prefix}/plan`, {
      body: stringify(edit),
      headers: { "content-type": "application/yaml" },
    });
    expect(plan.status).toBe(200);
    const planned = planAnswer.parse(plan.body).requests.map((r) => `${r.method} ${r.path}`);
    expect(planned[0]).toBe("POST /restapi/v1.0/account/~/extension");
    expect(planned).toContain("POST /restapi/v1.0/account/~/call-queues/{queue:803}/bulk-assign");

    const first = await apply(edit);
    expect(first).toMatchObject({ status: "succeeded", lastError: null });
    expect(first.progress.done).toBeGreaterThanOrEqual(planned.length);
    expect(await exported()).toEqual(edit);

    const before = (await w.simRequests()).length;
    const second = await apply(edit);
    expect(second.status).toBe("succeeded");
    expect(second.result).toMatchObject({ writes: 0 });
    expect((await w.simRequests()).slice(before).filter((r) => WRITE.test(r))).toEqual([]);
  });

  it("refuses a file that does not fit the account, naming the field", async () => {
    const res = await w.call("POST", `${w.prefix}/plan`, {
      body: { queues: [{ extensionNumber: "801", name: "Support", members: ["999"] }] },
    });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      error: { details: ["queues.0.members.0: no extension 999 on the account or in the file"] },
    });
    const invalid = await w.call("POST", `${w.prefix}/plan`, { body: { queues: [{ extensionNumber: "x" }] } });
    expect(invalid.status).toBe(400);
  });

  it("changes members of many queues as one durable job with progress", async () => {
    const body = {
      changes: [
        { queueId: extensionIdFor("801"), addedExtensionIds: [extensionIdFor("106")] },
        { queueId: extensionIdFor("802"), removedExtensionIds: [extensionIdFor("105")] },
      ],
    };
    const before = (await w.simRequests()).length;
    const dry = await w.call("POST", `${w.prefix}/jobs/bulk-assign?dryRun=true`, { body });
    expect(z.object({ requests: z.array(z.unknown()) }).parse(dry.body).requests).toHaveLength(2);
    expect((await w.simRequests()).length).toBe(before);
    const created = await w.call("POST", `${w.prefix}/jobs/bulk-assign`, { body });
    expect(created.status).toBe(202);
    const done = await finished(job.parse(created.body).id);
    expect(done).toMatchObject({ status: "succeeded", progress: { done: 2, total: 2 } });
    const sim = z
      .object({ queues: z.array(z.object({ extensionNumber: z.string(), members: z.array(z.string()) })) })
      .parse(await (await fetch(`${w.simUrl}/_sim/admin`)).json());
    expect(sim.queues.find((q) => q.extensionNumber === "801")?.members).toContain(extensionIdFor("106"));
    expect(sim.queues.find((q) => q.extensionNumber === "802")?.members).not.toContain(extensionIdFor("105"));
  });
});
