import { describe, expect, it } from "vitest";
import { exportSetup, planSetup } from "./plan.ts";
import type { LiveAccount, Setup } from "./setup.ts";

const live = (): LiveAccount => ({
  idByNumber: { "101": "1001", "102": "1002", "103": "1003", "801": "8001", "802": "8002", "901": "9001" },
  queues: [
    {
      id: "8001",
      extensionNumber: "801",
      name: "Support",
      memberIds: ["1001", "1002"],
      overflow: { enabled: false, queueIds: [] },
    },
    {
      id: "8002",
      extensionNumber: "802",
      name: "Sales",
      memberIds: ["1003"],
      overflow: { enabled: true, queueIds: ["8001"] },
    },
  ],
  ivrMenus: [
    {
      id: "9001",
      extensionNumber: "901",
      name: "Main",
      promptRepeatCount: 1,
      prompt: { mode: "TextToSpeech", text: "Hello" },
      actions: [{ input: "1", action: "Connect", extensionId: "8001" }],
    },
  ],
  businessHours: { monday: [{ from: "09:00", to: "17:00" }] },
  numbers: [
    { id: "n0", phoneNumber: "+16505550100", usageType: "MainCompanyNumber" },
    { id: "n1", phoneNumber: "+16505551001", usageType: "DirectNumber", extensionId: "1001" },
    { id: "n2", phoneNumber: "+16505552001", usageType: "CompanyNumber" },
  ],
});

const edit = (change: (s: Setup) => void): Setup => {
  const setup = exportSetup(live());
  change(setup);
  return setup;
};
const summaries = (setup: Setup) => {
  const plan = planSetup(setup, live());
  return plan.ok
    ? plan.requests.map((r) => `${r.stage} ${r.method} ${r.path} ${JSON.stringify(r.body ?? null)}`)
    : plan.issues;
};

describe("planSetup", () => {
  it.each<[string, (s: Setup) => void, string[]]>([
    ["the account's own export", () => undefined, []],
    [
      "a member moved between queues",
      (s) => {
        s.queues[0] = { ...(s.queues[0] as Setup["queues"][number]), members: ["101", "103"] };
      },
      [
        `2 POST /restapi/v1.0/account/~/call-queues/8001/bulk-assign {"addedExtensionIds":["1003"],"removedExtensionIds":["1002"]}`,
      ],
    ],
    [
      "a new queue with members and an overflow to it",
      (s) => {
        s.queues.push({ extensionNumber: "803", name: "Billing", members: ["102"] });
        s.queues[1] = { ...(s.queues[1] as Setup["queues"][number]), overflow: { enabled: true, queues: ["803"] } };
      },
      [
        `1 POST /restapi/v1.0/account/~/extension {"type":"Department","extensionNumber":"803","contact":{"firstName":"Billing"}}`,
        `2 POST /restapi/v1.0/account/~/call-queues/{queue:803}/bulk-assign {"addedExtensionIds":["1002"]}`,
        `3 PUT /restapi/v1.0/account/~/extension/8002/overflow-settings {"enabled":true,"items":[{"id":"{queue:803}"}]}`,
      ],
    ],
    [
      "an IVR key retargeted and hours changed",
      (s) => {
        const menu = s.ivrMenus[0];
        if (menu) menu.actions = [{ input: "1", action: "Connect", extension: "802" }];
        s.businessHours = { friday: [{ from: "10:00", to: "12:00" }] };
      },
      [
        `4 PUT /restapi/v1.0/account/~/ivr-menus/9001 {"name":"Main","extensionNumber":"901","promptRepeatCount":1,"prompt":{"mode":"TextToSpeech","text":"Hello"},"actions":[{"input":"1","action":"Connect","extension":{"id":"8002"}}]}`,
        `5 PUT /restapi/v1.0/account/~/business-hours {"schedule":{"weeklyRanges":{"friday":[{"from":"10:00","to":"12:00"}]}}}`,
      ],
    ],
    [
      "a number assigned and another released",
      (s) => {
        s.phoneNumbers = [
          { phoneNumber: "+16505551001", extension: null },
          { phoneNumber: "+16505552001", extension: "801" },
        ];
      },
      [
        `6 PATCH /restapi/v2/accounts/~/phone-numbers/n1 {"usageType":"CompanyNumber"}`,
        `6 PATCH /restapi/v2/accounts/~/phone-numbers/n2 {"usageType":"DirectNumber","extension":{"id":"8001"}}`,
      ],
    ],
    [
      "unknown members, a user's number as a queue, the main number",
      (s) => {
        s.queues.push({ extensionNumber: "101", name: "Oops", members: ["555"] });
        s.phoneNumbers = [{ phoneNumber: "+16505550100", extension: "101" }];
      },
      [
        "queues.2: extension 101 exists and is not a call queue",
        "phoneNumbers.0: +16505550100 is the main company number",
      ],
    ],
  ])("%s", (_name, change, expected) => {
    expect(summaries(edit(change))).toEqual(expected);
  });

  it("names a member that exists nowhere", () => {
    expect(summaries(edit((s) => s.queues[0]?.members.push("777")))).toEqual([
      "queues.0.members.2: no extension 777 on the account or in the file",
    ]);
  });
});

describe("exportSetup", () => {
  it("writes extension numbers, sorted members, overflow, hours and the assignable numbers", () => {
    const setup = exportSetup(live());
    expect(setup.queues[1]).toEqual({
      extensionNumber: "802",
      name: "Sales",
      members: ["103"],
      overflow: { enabled: true, queues: ["801"] },
    });
    expect(setup.ivrMenus[0]?.actions).toEqual([{ input: "1", action: "Connect", extension: "801" }]);
    expect(setup.phoneNumbers).toEqual([
      { phoneNumber: "+16505551001", extension: "101" },
      { phoneNumber: "+16505552001", extension: null },
    ]);
  });
});
