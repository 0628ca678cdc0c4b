import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeClock, fakeRingcentral, json, makeClient } from "../../../test/helpers/ringcentral-client-kit.ts";

afterEach(() => {
  vi.unstubAllGlobals();
});

const SUBSCRIPTION = {
  uri: "https://rc.test/restapi/v1.0/subscription/sub-1",
  id: "sub-1",
  creationTime: "2024-01-01T00:00:00.000Z",
  status: "Active",
  eventFilters: ["/restapi/v1.0/account/1/telephony/sessions"],
  expirationTime: "2024-01-08T00:00:00.000Z",
  expiresIn: 604799,
  deliveryMode: { transportType: "WebHook", encryption: false, address: "https://hub.example/rc" },
};

describe("endpoints", () => {
  it("updates presence with a PUT of the target state", async () => {
    const { clock } = fakeClock();
    const rc = fakeRingcentral(() => json(200, { userStatus: "Busy", dndStatus: "DoNotAcceptAnyCalls" }));
    const result = await makeClient(clock).updatePresence("42", {
      userStatus: "Busy",
      dndStatus: "DoNotAcceptAnyCalls",
    });
    expect(result).toMatchObject({ ok: true, value: { userStatus: "Busy" } });
    const [put] = rc.apiCalls();
    expect(put?.method).toBe("PUT");
    expect(put?.url.pathname).toBe("/restapi/v1.0/account/~/extension/42/presence");
    expect(JSON.parse(put?.body ?? "")).toEqual({ userStatus: "Busy", dndStatus: "DoNotAcceptAnyCalls" });
  });

  it("asks for detailed telephony state only when requested", async () => {
    const { clock } = fakeClock();
    const rc = fakeRingcentral(() => json(200, {}));
    const client = makeClient(clock);
    await client.getPresence("42", { detailedTelephonyState: true });
    await client.getPresence("42");
    expect(rc.apiCalls().map((r) => r.url.search)).toEqual(["?detailedTelephonyState=true", ""]);
  });

  it("reads the call log by telephonySessionId, per extension or account-wide", async () => {
    const { clock } = fakeClock();
    const record = { id: "ASaxDDkSZ5s42MA", sessionId: "13916417004", startTime: "2023-06-06T23:07:20.000Z" };
    const rc = fakeRingcentral(() =>
      json(200, { records: [record], paging: { page: 1, perPage: 100 }, navigation: {} }),
    );
    const client = makeClient(clock);
    const result = await client.getCallLogBySession("s-abc");
    expect(result).toMatchObject({ ok: true, value: { records: [{ id: "ASaxDDkSZ5s42MA" }] } });
    await client.getCallLogBySession("s-abc", { accountWide: true });
    const [own, company] = rc.apiCalls();
    expect(own?.url.pathname).toBe("/restapi/v1.0/account/~/extension/~/call-log");
    expect(own?.url.searchParams.get("telephonySessionId")).toBe("s-abc");
    expect(company?.url.pathname).toBe("/restapi/v1.0/account/~/call-log");
  });

  it("reads a telephony session and lists active calls", async () => {
    const { clock } = fakeClock();
    const rc = fakeRingcentral((req) =>
      req.url.pathname.endsWith("/active-calls")
        ? json(200, { records: [], paging: { perPage: 100 }, navigation: {} })
        : json(200, { id: "s-1", parties: [{ id: "p-1", direction: "Inbound", status: { code: "Answered" } }] }),
    );
    const client = makeClient(clock);
    expect(await client.getTelephonySession("s-1")).toMatchObject({ ok: true, value: { parties: [{ id: "p-1" }] } });
    expect((await client.listActiveCalls({ extensionId: "7" })).ok).toBe(true);
    expect(rc.apiCalls().map((r) => r.url.pathname)).toEqual([
      "/restapi/v1.0/account/~/telephony/sessions/s-1",
      "/restapi/v1.0/account/~/extension/7/active-calls",
    ]);
  });

  it("finds or creates a direct conversation and reports whether it was created", async () => {
    const { clock } = fakeClock();
    let status = 201;
    const rc = fakeRingcentral(() =>
      json(status, { id: "chat-9", type: "Direct", members: [{ id: "1" }, { id: "2" }] }),
    );
    const client = makeClient(clock);
    const first = await client.findOrCreateDirectConversation({ email: "agent@corp.example" });
    status = 200;
    const second = await client.findOrCreateDirectConversation({ email: "agent@corp.example" });
    expect(first).toMatchObject({ ok: true, value: { created: true, conversation: { id: "chat-9" } } });
    expect(second).toMatchObject({ ok: true, value: { created: false } });
    expect(JSON.parse(rc.apiCalls()[0]?.body ?? "")).toEqual({ members: [{ email: "agent@corp.example" }] });
  });

  it("posts and edits Team Messaging posts", async () => {
    const { clock } = fakeClock();
    const rc = fakeRingcentral((req) => json(req.method === "POST" ? 201 : 200, { id: "post-1", text: "hi" }));
    const client = makeClient(clock);
    expect(await client.createPost("chat-9", { text: "hi" })).toMatchObject({ ok: true, value: { id: "post-1" } });
    expect((await client.updatePost("chat-9", "post-1", { text: "hi again" })).ok).toBe(true);
    expect(rc.apiCalls().map((r) => `${r.method} ${r.url.pathname}`)).toEqual([
      "POST /team-messaging/v1/chats/chat-9/posts",
      "PATCH /team-messaging/v1/chats/chat-9/posts/post-1",
    ]);
  });

  it("walks every page of extensions and turns numeric ids into strings", async () => {
    const { clock } = fakeClock();
    const rc = fakeRingcentral((req) => {
      const page = Number(req.url.searchParams.get("page"));
      return json(200, {
        records: [{ id: 1000 + page, extensionNumber: String(100 + page), type: "User" }],
        paging: { page, perPage: 1, totalPages: 3, totalElements: 3 },
        navigation: {},
      });
    });
    const result = await makeClient(clock).listAllExtensions({ status: "Enabled" });
    expect(result).toMatchObject({ ok: true, value: [{ id: "1001" }, { id: "1002" }, { id: "1003" }] });
    expect(rc.apiCalls().map((r) => r.url.searchParams.get("status"))).toEqual(["Enabled", "Enabled", "Enabled"]);
  });

  it("searches contacts with repeated phoneNumber parameters and creates contacts", async () => {
    const { clock } = fakeClock();
    const rc = fakeRingcentral((req) =>
      req.method === "GET"
        ? json(200, { records: [{ id: 5, firstName: "Ann" }] })
        : json(200, { id: 6, firstName: "Bo" }),
    );
    const client = makeClient(clock);
    const found = await client.searchContacts({ phoneNumber: ["+14155550100", "+14155550101"] });
    expect(found).toMatchObject({ ok: true, value: { records: [{ id: "5" }] } });
    expect(rc.apiCalls()[0]?.url.searchParams.getAll("phoneNumber")).toEqual(["+14155550100", "+14155550101"]);
    expect(await client.createContact({ firstName: "Bo", mobilePhone: "+14155550102" })).toMatchObject({
      ok: true,
      value: { id: "6" },
    });
  });

  it("manages subscriptions: create (WebHook + verificationToken), renew, get, list, delete", async () => {
    const { clock } = fakeClock();
    const rc = fakeRingcentral((req) => {
      if (req.method === "DELETE") return json(204, null);
      if (req.url.pathname === "/restapi/v1.0/subscription" && req.method === "GET") {
        return json(200, { uri: "x", records: [SUBSCRIPTION] });
      }
      return json(200, SUBSCRIPTION);
    });
    const client = makeClient(clock);
    const created = await client.createSubscription({
      eventFilters: ["/restapi/v1.0/account/~/telephony/sessions"],
      address: "https://hub.example/rc",
      verificationToken: "shared-secret",
      expiresIn: 604800,
    });
    expect(created).toMatchObject({ ok: true, value: { id: "sub-1", status: "Active" } });
    expect(JSON.parse(rc.apiCalls()[0]?.body ?? "")).toEqual({
      eventFilters: ["/restapi/v1.0/account/~/telephony/sessions"],
      deliveryMode: { transportType: "WebHook", address: "https://hub.example/rc", verificationToken: "shared-secret" },
      expiresIn: 604800,
    });
    expect((await client.renewSubscription("sub-1")).ok).toBe(true);
    expect((await client.getSubscription("sub-1")).ok).toBe(true);
    expect(await client.listSubscriptions()).toMatchObject({ ok: true, value: [{ id: "sub-1" }] });
    expect(await client.deleteSubscription("sub-1")).toEqual({ ok: true, value: undefined });
    expect(rc.apiCalls().map((r) => `${r.method} ${r.url.pathname}`)).toEqual([
      "POST /restapi/v1.0/subscription",
      "POST /restapi/v1.0/subscription/sub-1/renew",
      "GET /restapi/v1.0/subscription/sub-1",
      "GET /restapi/v1.0/subscription",
      "DELETE /restapi/v1.0/subscription/sub-1",
    ]);
  });
});

describe("recording download", () => {
  const audio = new Uint8Array([0xff, 0xfb, 0x90, 0x00, 0x80, 0xc3, 0xfe]);

  it("downloads from an allowed host with the bearer token, bytes intact", async () => {
    const { clock } = fakeClock();
    const rc = fakeRingcentral(() => new Response(audio, { status: 200, headers: { "content-type": "audio/mpeg" } }));
    const result = await makeClient(clock).downloadRecording(
      "https://media.ringcentral.com/restapi/v1.0/account/1/recording/1662272004/content",
    );
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.contentType).toBe("audio/mpeg");
    expect([...result.value.bytes]).toEqual([...audio]);
    expect(rc.apiCalls()[0]?.headers.authorization).toBe("Bearer access-1");
  });

  it.each([
    ["another host", "https://evil.example/recording/1/content"],
    ["a look-alike host", "https://media.ringcentral.com.evil.example/recording/1/content"],
    ["plain http", "http://media.ringcentral.com/recording/1/content"],
    ["embedded credentials", "https://user:pw@media.ringcentral.com/recording/1/content"],
    ["a non-http scheme", "file:///etc/passwd"],
  ])("refuses %s without sending anything", async (_label, url) => {
    const { clock } = fakeClock();
    const rc = fakeRingcentral(() => new Response(audio));
    const result = await makeClient(clock).downloadRecording(url);
    expect(result).toMatchObject({ ok: false, error: { code: "RECORDING_HOST_NOT_ALLOWED", retryable: false } });
    expect(rc.seen).toHaveLength(0);
  });

  it("honours a configured host list (the sandbox's host:port)", async () => {
    const { clock } = fakeClock();
    fakeRingcentral(() => new Response(audio, { headers: { "content-type": "audio/wav" } }));
    const client = makeClient(clock, { baseUrl: "http://127.0.0.1:4010", allowedRecordingHosts: ["127.0.0.1:4010"] });
    expect((await client.downloadRecording("http://127.0.0.1:4010/media/recording/1/content")).ok).toBe(true);
    expect((await client.downloadRecording("http://127.0.0.1:9999/media/recording/1/content")).ok).toBe(false);
  });

  it("carries the platform's error for a missing recording", async () => {
    const { clock } = fakeClock();
    fakeRingcentral(() =>
      json(404, { errorCode: "CMN-102", message: "Resource for parameter [recordingId] is not found" }),
    );
    const result = await makeClient(clock).downloadRecording("https://media.ringcentral.com/recording/1/content");
    expect(result).toMatchObject({ ok: false, error: { status: 404, code: "CMN-102", retryable: false } });
  });
});
