import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, errorCodeOf, login, startSim, type TestSim } from "./test-support.ts";

let t: TestSim;
let token: string;
let token2: string;
beforeAll(async () => {
  t = await startSim();
  token = (await login(t, 0)).access_token;
  token2 = (await login(t, 1)).access_token;
});
afterAll(async () => {
  await t.close();
});

describe("extensions", () => {
  it("lists the eight demo users with paging and navigation", async () => {
    const res = await call(t.base, "GET", "/restapi/v1.0/account/~/extension?type=User&perPage=3&page=2", {
      token,
    });
    expect(res.status).toBe(200);
    expect(res.json.paging).toEqual({ page: 2, perPage: 3, totalPages: 3, totalElements: 8, pageStart: 3, pageEnd: 5 });
    expect(Object.keys(res.json.navigation as object)).toEqual(["firstPage", "nextPage", "previousPage", "lastPage"]);
    expect(res.json.records).toMatchObject([
      { extensionNumber: "104" },
      { extensionNumber: "105" },
      { extensionNumber: "106" },
    ]);
    const all = await call(t.base, "GET", `/restapi/v1.0/account/${t.creds.accountId}/extension`, { token });
    const records = all.json.records as {
      id: number;
      extensionNumber: string;
      contact: { email: string };
      type: string;
      status: string;
    }[];
    // Call queues (Department) and IVR menus are extensions too: an unfiltered list shows them after the users.
    expect(records.map((r) => r.extensionNumber)).toEqual([
      ...["101", "102", "103", "104", "105", "106", "107", "108"],
      ...["801", "802", "901"],
    ]);
    expect(records.slice(8).map((r) => r.type)).toEqual(["Department", "Department", "IvrMenu"]);
    expect(records[0]).toMatchObject({ id: Number(t.creds.users[0]?.extensionId), type: "User", status: "Enabled" });
    expect(records.slice(0, 8).map((r) => r.contact.email)).toEqual(t.creds.users.map((u) => u.email));
  });

  it("filters by extension number and email; rejects bad paging", async () => {
    const byNumber = await call(t.base, "GET", "/restapi/v1.0/account/~/extension?extensionNumber=107", { token });
    expect(byNumber.json.records).toMatchObject([{ extensionNumber: "107" }]);
    const byEmail = await call(
      t.base,
      "GET",
      "/restapi/v1.0/account/~/extension?email=GRACE@switchboard.demo&email=alan@switchboard.demo",
      { token },
    );
    expect((byEmail.json.records as unknown[]).length).toBe(2);
    const bad = await call(t.base, "GET", "/restapi/v1.0/account/~/extension?perPage=0", { token });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({
      errorCode: "CMN-101",
      errors: [{ errorCode: "CMN-101", parameterName: "perPage" }],
    });
  });

  it("reads one extension by id or ~; unknown ids and accounts are CMN-102", async () => {
    const me = await call(t.base, "GET", "/restapi/v1.0/account/~/extension/~", { token });
    expect(me.json).toMatchObject({
      id: Number(t.creds.users[0]?.extensionId),
      extensionNumber: "101",
      account: { id: t.creds.accountId },
    });
    const other = await call(t.base, "GET", `/restapi/v1.0/account/~/extension/${t.creds.users[5]?.extensionId}`, {
      token,
    });
    expect(other.json.extensionNumber).toBe("106");
    const missing = await call(t.base, "GET", "/restapi/v1.0/account/~/extension/123", { token });
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ errors: [{ errorCode: "CMN-102", parameterName: "extensionId" }] });
    const account = await call(t.base, "GET", "/restapi/v1.0/account/42/extension/~", { token });
    expect(account.json).toMatchObject({ errors: [{ errorCode: "CMN-102", parameterName: "accountId" }] });
  });
});

describe("presence", () => {
  it("starts Available / TakeAllCalls / NoCall and follows PUT", async () => {
    const path = `/restapi/v1.0/account/~/extension/${t.creds.users[7]?.extensionId}/presence`;
    const initial = await call(t.base, "GET", `${path}?detailedTelephonyState=true`, { token });
    expect(initial.json).toMatchObject({
      userStatus: "Available",
      dndStatus: "TakeAllCalls",
      telephonyStatus: "NoCall",
      presenceStatus: "Available",
      activeCalls: [],
      extension: { extensionNumber: "108" },
    });
    const put = await call(t.base, "PUT", path, {
      token,
      body: { userStatus: "Busy", dndStatus: "DoNotAcceptAnyCalls" },
    });
    expect(put.json).toMatchObject({ userStatus: "Busy", dndStatus: "DoNotAcceptAnyCalls", presenceStatus: "Busy" });
    const offline = await call(t.base, "PUT", path, {
      token,
      body: { userStatus: "Offline", dndStatus: "TakeAllCalls" },
    });
    expect(offline.json.presenceStatus).toBe("Offline");
    expect((await call(t.base, "GET", path, { token })).json.userStatus).toBe("Offline");
    await call(t.base, "PUT", path, { token, body: { userStatus: "Available" } });
  });

  it("rejects values outside the enums with CMN-101 naming the field", async () => {
    const res = await call(t.base, "PUT", "/restapi/v1.0/account/~/extension/~/presence", {
      token,
      body: { userStatus: "Away" },
    });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ errors: [{ errorCode: "CMN-101", parameterName: "userStatus" }] });
  });

  it("lists the whole account's presence", async () => {
    const res = await call(t.base, "GET", "/restapi/v1.0/account/~/presence?perPage=2", { token });
    expect(res.json.records).toMatchObject([
      { extension: { extensionNumber: "101" } },
      { extension: { extensionNumber: "102" } },
    ]);
    expect((res.json.paging as { totalElements: number }).totalElements).toBe(8);
  });
});

describe("address book", () => {
  const book = "/restapi/v1.0/account/~/extension/~/address-book/contact";

  it("finds seeded demo customers by caller number (repeatable) and by name prefix", async () => {
    const byPhone = await call(t.base, "GET", `${book}?phoneNumber=%2B14155550102&phoneNumber=%2B19999999999`, {
      token,
    });
    expect(byPhone.json.records).toMatchObject([
      { firstName: "Wade", lastName: "Warren", mobilePhone: "+14155550102", availability: "Alive" },
    ]);
    const byName = await call(t.base, "GET", `${book}?startsWith=est`, { token });
    expect(byName.json.records).toMatchObject([{ firstName: "Esther" }]);
    const none = await call(t.base, "GET", `${book}?phoneNumber=%2B10000000000`, { token });
    expect(none.json.records).toEqual([]);
  });

  it("creates a contact (200) that is then searchable, per owner", async () => {
    const created = await call(t.base, "POST", book, {
      token,
      body: {
        firstName: "Zed",
        lastName: "Zulu",
        email: "zed@example.com",
        businessPhone: "+14155559999",
        businessAddress: { city: "Oslo" },
      },
    });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({ id: expect.any(Number), firstName: "Zed", businessAddress: { city: "Oslo" } });
    const found = await call(t.base, "GET", `${book}?phoneNumber=%2B14155559999`, { token });
    expect(found.json.records).toMatchObject([{ id: created.json.id }]);
    const notMine = await call(t.base, "GET", `${book}?phoneNumber=%2B14155559999`, { token: token2 });
    expect(notMine.json.records).toEqual([]);
    const one = await call(t.base, "GET", `${book}/${created.json.id}`, { token });
    expect(one.json.lastName).toBe("Zulu");
    const bad = await call(t.base, "POST", book, { token, body: { email: "not-an-email" } });
    expect(bad.json).toMatchObject({ errors: [{ errorCode: "CMN-101", parameterName: "email" }] });
    const sorted = await call(t.base, "GET", `${book}?sortBy=LastName`, { token });
    const names = (sorted.json.records as { lastName: string }[]).map((r) => r.lastName);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
  });
});

describe("error shapes", () => {
  it("answers unknown routes with 404 CMN-120 and malformed JSON with 400 CMN-103", async () => {
    const unknown = await call(t.base, "GET", "/restapi/v1.0/nothing-here", { token });
    expect(unknown.status).toBe(404);
    expect(errorCodeOf(unknown)).toBe("CMN-120");
    const malformed = await call(t.base, "PUT", "/restapi/v1.0/account/~/extension/~/presence", {
      token,
      body: "{nope",
    });
    expect(malformed.status).toBe(400);
    expect(malformed.json).toMatchObject({ errorCode: "CMN-103", message: "JSON can't be parsed." });
  });

  it("uses the platform's error body for statuses injected through /_sim/faults", async () => {
    await call(t.base, "POST", "/_sim/faults", { body: { http: [{ path: "/presence", status: 503, retryAfter: 5 }] } });
    const res = await call(t.base, "GET", "/restapi/v1.0/account/~/extension/~/presence", { token });
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(errorCodeOf(res)).toBe("CMN-201");
  });

  it("never answers arbitrary JSON bodies with a 5xx", async () => {
    const routes: [string, string][] = [
      ["PUT", "/restapi/v1.0/account/~/extension/~/presence"],
      ["POST", "/restapi/v1.0/subscription"],
      ["POST", "/team-messaging/v1/conversations"],
      ["POST", "/restapi/v1.0/account/~/extension/~/address-book/contact"],
      ["POST", "/_sim/calls"],
      ["POST", "/_sim/extensions/101/presence"],
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), fc.jsonValue(), async ([method, path], body) => {
        const res = await call(t.base, method, path, {
          token,
          body: JSON.stringify(body),
          headers: { "content-type": "application/json" },
        });
        return res.status < 500;
      }),
      { numRuns: 120 },
    );
  });
});
