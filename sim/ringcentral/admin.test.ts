import { afterEach, describe, expect, it } from "vitest";
import { PROMPT_MAX_BYTES } from "./routes-ivr.ts";
import { extensionIdFor } from "./state.ts";
import { call, errorCodeOf, login, type Reply, startSim, type TestSim } from "./test-support.ts";

let t: TestSim | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const A = "/restapi/v1.0/account/~";
const SUPPORT = extensionIdFor("801");
const SALES = extensionIdFor("802");
const ADA = extensionIdFor("101");
const LINUS = extensionIdFor("105");

async function admin(options: Parameters<typeof startSim>[0] = {}) {
  t = await startSim(options);
  const { access_token: token } = await login(t);
  const sim = t;
  return (method: string, path: string, body?: unknown): Promise<Reply> =>
    call(sim.base, method, path, { token, body });
}

const records = (r: Reply) => r.json.records as Record<string, unknown>[];

describe("extensions", () => {
  it("lists by type and status, creates a Department (a call queue), updates and disables", async () => {
    const rc = await admin();
    expect(records(await rc("GET", `${A}/extension?type=Department`)).map((e) => e.extensionNumber)).toEqual([
      "801",
      "802",
    ]);
    expect(records(await rc("GET", `${A}/extension?type=User&type=IvrMenu`))).toHaveLength(9);
    const created = await rc("POST", `${A}/extension`, {
      type: "Department",
      extensionNumber: "803",
      contact: { firstName: "Billing", email: "billing@switchboard.demo" },
    });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({ type: "Department", extensionNumber: "803", status: "Enabled" });
    const queues = records(await rc("GET", `${A}/call-queues`)).map((q) => q.name);
    expect(queues).toContain("Billing");
    const dup = await rc("POST", `${A}/extension`, { type: "Department", extensionNumber: "803", name: "X" });
    expect([dup.status, errorCodeOf(dup)]).toEqual([400, "CMN-101"]);
    const disabled = await rc("PUT", `${A}/extension/${ADA}`, { status: "Disabled" });
    expect(disabled.json.status).toBe("Disabled");
    expect(records(await rc("GET", `${A}/extension?status=Disabled`)).map((e) => e.id)).toEqual([Number(ADA)]);
    const missing = await rc("GET", `${A}/extension/999`);
    expect([missing.status, errorCodeOf(missing)]).toEqual([404, "CMN-102"]);
  });
});

describe("call queues", () => {
  it("reads, updates, changes members in bulk, sets overflow and queue presence", async () => {
    const rc = await admin();
    const details = await rc("GET", `${A}/call-queues/${SUPPORT}`);
    expect(details.json).toMatchObject({ name: "Support", editableMemberStatus: true, alertTimer: 30 });
    const updated = await rc("PUT", `${A}/call-queues/${SUPPORT}`, { alertTimer: 45, name: "Support EU" });
    expect(updated.json).toMatchObject({ alertTimer: 45, name: "Support EU" });
    const badTimer = await rc("PUT", `${A}/call-queues/${SUPPORT}`, { alertTimer: 7 });
    expect([badTimer.status, errorCodeOf(badTimer)]).toEqual([400, "CMN-101"]);

    const assigned = await rc("POST", `${A}/call-queues/${SUPPORT}/bulk-assign`, {
      addedExtensionIds: [LINUS],
      removedExtensionIds: [ADA],
    });
    expect(assigned.status).toBe(204);
    const members = records(await rc("GET", `${A}/call-queues/${SUPPORT}/members`)).map((m) => m.id);
    expect(members).toContain(Number(LINUS));
    expect(members).not.toContain(Number(ADA));
    const unknown = await rc("POST", `${A}/call-queues/${SUPPORT}/bulk-assign`, { addedExtensionIds: ["12345"] });
    expect([unknown.status, errorCodeOf(unknown)]).toEqual([404, "CMN-102"]);
    expect(errorCodeOf(await rc("GET", `${A}/call-queues/123/members`))).toBe("CMN-102");
    expect(records(await rc("GET", `${A}/call-queues?memberExtensionId=${LINUS}`)).map((q) => q.id)).toEqual([
      SUPPORT,
      SALES,
    ]);

    const overflow = await rc("PUT", `${A}/extension/${SUPPORT}/overflow-settings`, {
      enabled: true,
      items: [{ id: SALES }],
    });
    expect(overflow.json).toMatchObject({ enabled: true, items: [{ id: SALES, name: "Sales" }] });
    const self = await rc("PUT", `${A}/extension/${SUPPORT}/overflow-settings`, { items: [{ id: SUPPORT }] });
    expect(errorCodeOf(self)).toBe("CMN-101");

    const presence = await rc("PUT", `${A}/call-queues/${SUPPORT}/presence`, {
      records: [{ member: { id: LINUS }, acceptCurrentQueueCalls: false }],
    });
    const linus = records(presence).find((r) => (r.member as { id: string }).id === LINUS);
    expect(linus?.acceptCurrentQueueCalls).toBe(false);
  });
});

describe("IVR menus and prompts", () => {
  it("creates and updates a menu; uploads a prompt within the size cap", async () => {
    const rc = await admin();
    const created = await rc("POST", `${A}/ivr-menus`, {
      name: "After hours",
      extensionNumber: "902",
      prompt: { mode: "TextToSpeech", text: "We are closed." },
      actions: [{ input: "1", action: "Voicemail", extension: { id: SUPPORT } }],
    });
    expect(created.status).toBe(200);
    const id = String(created.json.id);
    const updated = await rc("PUT", `${A}/ivr-menus/${id}`, {
      actions: [
        { input: "1", action: "Connect", extension: { id: SALES } },
        { input: "Star", action: "Repeat" },
      ],
    });
    expect((updated.json.actions as unknown[]).length).toBe(2);
    const dupKey = await rc("PUT", `${A}/ivr-menus/${id}`, {
      actions: [
        { input: "1", action: "Repeat" },
        { input: "1", action: "Disconnect" },
      ],
    });
    expect(errorCodeOf(dupKey)).toBe("CMN-101");
    expect(records(await rc("GET", `${A}/ivr-menus`)).map((m) => m.name)).toEqual(["Main menu", "After hours"]);

    const sim = t as TestSim;
    const { access_token: token } = await login(sim);
    const upload = async (bytes: number, type = "audio/wav") => {
      const form = new FormData();
      form.append("attachment", new Blob([new Uint8Array(bytes)], { type }), "greeting.wav");
      const res = await fetch(`${sim.base}${A}/ivr-prompts`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}` },
        body: form,
      });
      return { status: res.status, json: (await res.json()) as Record<string, unknown> };
    };
    const ok = await upload(2048);
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ contentType: "audio/wav", filename: "greeting.wav" });
    expect((await upload(16, "text/plain")).status).toBe(400);
    expect((await upload(PROMPT_MAX_BYTES + 1)).status).toBe(400);
    expect((await upload(PROMPT_MAX_BYTES + 200_000)).status).toBe(413);
  });
});

describe("phone numbers, business hours, answering rules", () => {
  it("assigns and releases a number; replaces company and extension hours", async () => {
    const rc = await admin();
    const company = records(await rc("GET", `${A}/phone-number?usageType=CompanyNumber`));
    expect(company.length).toBe(4);
    const numberId = String(company[0]?.id);
    const assigned = await rc("PATCH", `/restapi/v2/accounts/~/phone-numbers/${numberId}`, {
      usageType: "DirectNumber",
      extension: { id: ADA },
    });
    expect(assigned.json).toMatchObject({ usageType: "DirectNumber", extension: { id: ADA } });
    expect(records(await rc("GET", `${A}/extension/${ADA}/phone-number`))).toHaveLength(2);
    const released = await rc("PATCH", `/restapi/v2/accounts/~/phone-numbers/${numberId}`, {
      usageType: "CompanyNumber",
    });
    expect(released.json.extension).toBeUndefined();
    const noExt = await rc("PATCH", `/restapi/v2/accounts/~/phone-numbers/${numberId}`, { usageType: "DirectNumber" });
    expect([noExt.status, errorCodeOf(noExt)]).toEqual([400, "CMN-100"]);

    const hours = { schedule: { weeklyRanges: { saturday: [{ from: "10:00", to: "14:00" }] } } };
    expect((await rc("PUT", `${A}/business-hours`, hours)).json.schedule).toEqual(hours.schedule);
    const bad = await rc("PUT", `${A}/business-hours`, { schedule: { weeklyRanges: { monday: [{ from: "9" }] } } });
    expect(errorCodeOf(bad)).toBe("CMN-101");
    await rc("PUT", `${A}/extension/${SUPPORT}/business-hours`, hours);
    expect((await rc("GET", `${A}/extension/${SUPPORT}/business-hours`)).json.schedule).toEqual(hours.schedule);

    const rule = await rc("POST", `${A}/answering-rule`, { name: "Holiday", type: "Custom", enabled: true });
    expect(rule.json).toMatchObject({ name: "Holiday", type: "Custom" });
    expect(records(await rc("GET", `${A}/answering-rule`))).toHaveLength(1);
    expect((await rc("DELETE", `${A}/answering-rule/${String(rule.json.id)}`)).status).toBe(204);
  });
});

describe("call log of queue calls", () => {
  it("pages 2,500 generated records with perPage 1000 and shows the member leg in Detailed view", async () => {
    const rc = await admin();
    const sim = t as TestSim;
    const made = await call(sim.base, "POST", "/_sim/call-log/queue-calls", { body: { count: 2500, seed: 7 } });
    expect(made.json.generated).toBe(2500);
    let next: string | undefined = `${A}/call-log?view=Detailed&perPage=1000&dateFrom=${new Date(0).toISOString()}`;
    let seen = 0;
    let pages = 0;
    while (next) {
      const page = await rc("GET", next.replace(sim.base, ""));
      seen += records(page).length;
      pages += 1;
      next = (page.json.navigation as { nextPage?: { uri: string } }).nextPage?.uri;
    }
    expect([seen, pages]).toEqual([2500, 3]);
    const detailed = records(await rc("GET", `${A}/call-log?view=Detailed&perPage=50&dateFrom=1970-01-01T00:00:00Z`));
    const answered = detailed.find((r) => r.result === "Accepted");
    const legs = (answered?.legs ?? []) as { legType: string }[];
    expect(legs.map((l) => l.legType)).toEqual(["PstnToSip", "Accept"]);
    const tooMany = await rc("GET", `${A}/call-log?perPage=1001`);
    expect([tooMany.status, errorCodeOf(tooMany)]).toEqual([400, "CMN-101"]);
  });

  it("answers 429 CMN-301 with Retry-After once the Heavy group is spent", async () => {
    const rc = await admin({ rateLimits: { Heavy: 3 } });
    const statuses: number[] = [];
    let last: Reply | undefined;
    for (let i = 0; i < 4; i++) {
      last = await rc("GET", `${A}/phone-number`);
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(errorCodeOf(last as Reply)).toBe("CMN-301");
    expect(last?.headers.get("retry-after")).toBe("60");
    expect(last?.headers.get("x-rate-limit-group")).toBe("heavy");
  });
});
