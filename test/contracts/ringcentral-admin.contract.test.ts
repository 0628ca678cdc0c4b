import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createRingcentralSim } from "../../sim/ringcentral/app.ts";
import { extensionIdFor } from "../../sim/ringcentral/state.ts";
import type { Sim } from "../../sim/shared/types.ts";
import { type AdminCall, type AdminCallName, adminCalls as c } from "../../src/admin/calls.ts";
import { RingcentralClient } from "../../src/platforms/ringcentral/client.ts";
import { SHARED_DIR, sharedPath } from "../helpers/shared-docs.ts";
import { describeRequest, ExchangeRecorder } from "./capture.ts";
import type { Deviation } from "./deviations.ts";
import { OpenApiContract } from "./openapi.ts";
import { contractSuite, IssueLog } from "./suite.ts";

/**
 * Every RingCentral admin call the hub can make (src/admin/calls.ts), sent to the sandbox through
 * RingcentralClient.send, and each request and 2xx answer checked against rc-public-openapi.yml.
 */
const DEVIATIONS: Deviation[] = [];

const credsSchema = z.looseObject({
  clientId: z.string(),
  clientSecret: z.string(),
  users: z.array(z.looseObject({ jwt: z.string() })).min(1),
});
const created = z.looseObject({ id: z.union([z.string(), z.number()]).transform(String) });

describe.skipIf(!SHARED_DIR)(contractSuite("RingCentral admin calls against rc-public-openapi.yml"), () => {
  let contract: OpenApiContract;
  let sim: Sim;
  let recorder: ExchangeRecorder;
  const log = new IssueLog(DEVIATIONS);
  const used = new Set<AdminCallName>();
  const failures: string[] = [];
  const checked: string[] = [];

  beforeAll(async () => {
    contract = OpenApiContract.load(sharedPath("specs/ringcentral/rc-public-openapi.yml"), "rc");
    sim = await createRingcentralSim({ reminderCheckMs: 0, rateLimits: false, callLogLagMs: 0 });
    const baseUrl = await sim.listen(0, "127.0.0.1");
    recorder = new ExchangeRecorder(baseUrl);
    const creds = credsSchema.parse(sim.credentials);
    const rc = new RingcentralClient({
      baseUrl,
      clientId: creds.clientId,
      clientSecret: creds.clientSecret,
      jwt: creds.users[0]?.jwt ?? "",
      rateLimits: { Light: 1000, Medium: 1000, Heavy: 1000, Auth: 1000 },
    });
    const send = async <T>(name: AdminCallName, call: AdminCall<T>, expectOk = true): Promise<T | undefined> => {
      used.add(name);
      const result = await rc.send(call);
      if (!result.ok && expectOk) failures.push(`${name}: ${result.error.message}`);
      return result.ok ? result.value : undefined;
    };
    const support = extensionIdFor("801");
    const sales = extensionIdFor("802");
    const ada = extensionIdFor("101");
    const grace = extensionIdFor("102");

    await send(
      "listExtensions",
      c.listExtensions({ type: ["User", "Department"], status: "Enabled", page: 1, perPage: 100 }),
    );
    await send("readExtension", c.readExtension(support));
    const queue = created.parse(
      await send(
        "createExtension",
        c.createExtension({
          type: "Department",
          extensionNumber: "805",
          contact: { firstName: "Billing", email: "billing@example.com" },
        }),
      ),
    );
    await send(
      "updateExtension",
      c.updateExtension(queue.id, { contact: { firstName: "Billing EU" }, status: "Enabled" }),
    );
    await send("listCallQueues", c.listCallQueues({ perPage: 100, memberExtensionId: ada }));
    await send("readCallQueueInfo", c.readCallQueueInfo(support));
    await send(
      "updateCallQueueInfo",
      c.updateCallQueueInfo(support, { name: "Support", alertTimer: 45, serviceLevelSettings: { slaGoal: 90 } }),
    );
    await send("listCallQueueMembers", c.listCallQueueMembers(support, { perPage: 1000 }));
    await send(
      "assignMultipleCallQueueMembers",
      c.assignMultipleCallQueueMembers(queue.id, { addedExtensionIds: [ada, grace] }),
    );
    await send("readCallQueuePresence", c.readCallQueuePresence(queue.id));
    await send(
      "updateCallQueuePresence",
      c.updateCallQueuePresence(queue.id, { records: [{ member: { id: ada }, acceptCurrentQueueCalls: false }] }),
    );
    await send("getCallQueueOverflowSettings", c.getCallQueueOverflowSettings(support));
    await send(
      "updateCallQueueOverflowSettings",
      c.updateCallQueueOverflowSettings(support, { enabled: true, items: [{ id: sales }] }),
    );

    await send("readIvrMenuList", c.readIvrMenuList());
    const menu = created.parse(
      await send(
        "createIVRMenu",
        c.createIVRMenu({
          name: "Night",
          extensionNumber: "906",
          prompt: { mode: "TextToSpeech", text: "Closed" },
          actions: [{ input: "1", action: "Voicemail", extension: { id: support } }],
        }),
      ),
    );
    await send("readIVRMenu", c.readIVRMenu(menu.id));
    await send("updateIVRMenu", c.updateIVRMenu(menu.id, { actions: [{ input: "0", action: "ConnectToOperator" }] }));
    const form = new FormData();
    form.append("attachment", new Blob([new Uint8Array(512)], { type: "audio/wav" }), "night.wav");
    const prompt = created.parse(await send("createIVRPrompt", c.createIVRPrompt(form)));
    await send("listIvrPrompts", c.listIvrPrompts());
    await send("readIVRPrompt", c.readIVRPrompt(prompt.id));
    await send("updateIVRPrompt", c.updateIVRPrompt(prompt.id, { filename: "night-v2.wav" }));

    const numbers = await send(
      "listAccountPhoneNumbers",
      c.listAccountPhoneNumbers({ usageType: "CompanyNumber", perPage: 100 }),
    );
    const numberId = String(numbers?.records[0]?.id ?? "");
    await send("readAccountPhoneNumber", c.readAccountPhoneNumber(numberId));
    await send("listAccountPhoneNumbersV2", c.listAccountPhoneNumbersV2({ perPage: 100 }));
    await send(
      "assignPhoneNumberV2",
      c.assignPhoneNumberV2(numberId, { usageType: "DirectNumber", extension: { id: queue.id } }),
    );
    await send("listExtensionPhoneNumbers", c.listExtensionPhoneNumbers(queue.id));

    const hours = { schedule: { weeklyRanges: { monday: [{ from: "08:00", to: "16:00" }] } } };
    await send("readCompanyBusinessHours", c.readCompanyBusinessHours());
    await send("updateCompanyBusinessHours", c.updateCompanyBusinessHours(hours));
    await send("readUserBusinessHours", c.readUserBusinessHours(ada));
    await send("updateUserBusinessHours", c.updateUserBusinessHours(ada, hours));
    await send(
      "createCompanyAnsweringRule",
      c.createCompanyAnsweringRule({ name: "Holiday", type: "Custom", enabled: true }),
    );
    await send("listCompanyAnsweringRules", c.listCompanyAnsweringRules());
    await send("createAnsweringRule", c.createAnsweringRule(ada, { name: "Lunch", type: "Custom", enabled: false }));
    await send("listAnsweringRules", c.listAnsweringRules(ada));

    await recorder.control("POST", "/_sim/call-log/queue-calls", { count: 50, seed: 3 });
    const range = { dateFrom: new Date(Date.now() - 86_400_000).toISOString(), dateTo: new Date().toISOString() };
    await send("readCompanyCallLog", c.readCompanyCallLog({ ...range, view: "Detailed", perPage: 1000, page: 1 }));
    await send("readUserCallLog", c.readUserCallLog(ada, { ...range, perPage: 100 }));
    // The sandbox account has no Analytics API (RingCentral answers 404 then); the request itself is still checked.
    await send(
      "analyticsCallsAggregationFetch",
      c.analyticsCallsAggregationFetch(
        {
          grouping: { groupBy: "Queues" },
          timeSettings: { timeZone: "UTC", timeRange: { timeFrom: range.dateFrom, timeTo: range.dateTo } },
          responseOptions: { counters: { allCalls: { aggregationType: "Sum" } } },
        },
        { perPage: 100 },
      ),
      false,
    );
    await send("deleteExtension", c.deleteExtension(queue.id));

    for (const exchange of recorder.take()) {
      checked.push(describeRequest(exchange));
      log.add(contract.check(exchange));
    }
  });

  afterAll(async () => {
    recorder?.restore();
    await sim?.close();
  });

  it("exercises every admin call, and each succeeds against the sandbox", () => {
    expect([...used].sort()).toEqual(Object.keys(c).sort());
    expect(failures).toEqual([]);
  });

  it("the sandbox received exactly the requests that were checked", async () => {
    expect(await recorder.sandboxLog()).toEqual(checked);
  });

  it("every request is a documented operation with the spec's parameters and body, and every 2xx answer matches", () => {
    expect(log.unexplained()).toEqual([]);
  });

  it("tags every call with the spec's x-throttling-group", () => {
    const wrong = checked.length > 0 ? groupMismatches(contract) : ["nothing checked"];
    expect(wrong).toEqual([]);
  });
});

/** Each builder's `group` against the operation's `x-throttling-group` in the spec. */
function groupMismatches(contract: OpenApiContract): string[] {
  const sample: Record<string, AdminCall> = {};
  for (const [name, build] of Object.entries(c)) {
    const call = (build as (...args: unknown[]) => AdminCall)("123", {});
    sample[name] = call;
  }
  const paths = z.record(z.string(), z.record(z.string(), z.unknown())).parse(contract.doc.paths);
  const out: string[] = [];
  for (const [name, call] of Object.entries(sample)) {
    const template = Object.keys(paths).find((t) =>
      new RegExp(`^${t.replace(/\{[^}]+\}/g, "[^/]+").replace(/~/g, "[^/]+")}$`).test(call.path.replace(/~/g, "x")),
    );
    const op = template
      ? z
          .looseObject({ "x-throttling-group": z.string().optional() })
          .safeParse(paths[template]?.[call.method.toLowerCase()])
      : undefined;
    const group = op?.success ? op.data["x-throttling-group"] : undefined;
    if (group !== call.group)
      out.push(`${name}: ${call.method} ${call.path} is ${call.group}, the spec says ${group ?? "nothing"}`);
  }
  return out;
}
