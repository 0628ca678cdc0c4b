import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createRingcentralSim } from "../../../sim/ringcentral/app.ts";
import type { Sim } from "../../../sim/shared/types.ts";
import { RingcentralClient } from "./client.ts";

/** The RingCentral sandbox as a second, independent reading of the docs: the client must work against it. */

type SimUser = { extensionId: string; email: string; jwt: string };
type SimCredentials = { clientId: string; clientSecret: string; users: SimUser[] };

let sim: Sim;
let baseUrl: string;
let creds: SimCredentials;

const control = async (method: string, path: string, body?: unknown): Promise<unknown> => {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res.json();
};

const user = (i: number): SimUser => {
  const u = creds.users[i];
  if (!u) throw new Error(`sandbox has no user ${i}`);
  return u;
};

const clientFor = (i = 0) =>
  new RingcentralClient({ baseUrl, clientId: creds.clientId, clientSecret: creds.clientSecret, jwt: user(i).jwt });

const tokenGrants = async (): Promise<string[]> => {
  const requests = (await control("GET", "/_sim/requests?path=/restapi/oauth/token")) as { body: unknown }[];
  return requests.map((r) => String((r.body as Record<string, unknown>).grant_type));
};

beforeAll(async () => {
  sim = await createRingcentralSim({ reminderCheckMs: 0 });
  baseUrl = await sim.listen(0, "127.0.0.1");
  creds = sim.credentials as SimCredentials;
});

afterAll(async () => {
  await sim.close();
});

beforeEach(async () => {
  await control("POST", "/_sim/reset");
});

describe("RingcentralClient against the sandbox", () => {
  it("logs in with the JWT and round-trips presence", async () => {
    const rc = clientFor();
    const me = user(0).extensionId;
    const updated = await rc.updatePresence(me, { userStatus: "Busy", dndStatus: "DoNotAcceptAnyCalls" });
    expect(updated).toMatchObject({ ok: true, value: { userStatus: "Busy", dndStatus: "DoNotAcceptAnyCalls" } });
    const read = await rc.getPresence(me, { detailedTelephonyState: true });
    expect(read).toMatchObject({ ok: true, value: { userStatus: "Busy", dndStatus: "DoNotAcceptAnyCalls" } });
    expect(await tokenGrants()).toEqual(["urn:ietf:params:oauth:grant-type:jwt-bearer"]);
  });

  it("lists every extension", async () => {
    const result = await clientFor().listAllExtensions();
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.map((e) => e.id)).toEqual(expect.arrayContaining(creds.users.map((u) => u.extensionId)));
  });

  it("re-authenticates once after the sandbox expires the access token", async () => {
    const rc = clientFor();
    expect((await rc.getPresence()).ok).toBe(true);
    await control("POST", "/_sim/tokens/expire", {});
    expect((await rc.getPresence()).ok).toBe(true);
    expect(await tokenGrants()).toEqual(["urn:ietf:params:oauth:grant-type:jwt-bearer", "refresh_token"]);
  });

  it("logs in again with the JWT after the session is revoked (refresh token dead too)", async () => {
    const rc = clientFor();
    expect((await rc.getPresence()).ok).toBe(true);
    await control("POST", "/_sim/tokens/revoke", {});
    expect((await rc.getPresence()).ok).toBe(true);
    expect(await tokenGrants()).toEqual([
      "urn:ietf:params:oauth:grant-type:jwt-bearer",
      "refresh_token",
      "urn:ietf:params:oauth:grant-type:jwt-bearer",
    ]);
  });

  it("messages an agent over Team Messaging: direct conversation, post, edit", async () => {
    const rc = clientFor();
    const chat = await rc.findOrCreateDirectConversation({ email: user(1).email });
    if (!chat.ok) throw new Error(chat.error.message);
    const again = await rc.findOrCreateDirectConversation({ email: user(1).email });
    expect(again).toMatchObject({
      ok: true,
      value: { created: false, conversation: { id: chat.value.conversation.id } },
    });
    const post = await rc.createPost(chat.value.conversation.id, { text: "Chat started with Jane Cooper" });
    if (!post.ok) throw new Error(post.error.message);
    const edited = await rc.updatePost(chat.value.conversation.id, post.value.id, { text: "Chat ended" });
    expect(edited).toMatchObject({ ok: true, value: { id: post.value.id, text: "Chat ended" } });
  });

  it("creates and finds an address-book contact by phone number", async () => {
    const rc = clientFor();
    const created = await rc.createContact({ firstName: "Ada", lastName: "Lovelace", mobilePhone: "+14155550199" });
    if (!created.ok) throw new Error(created.error.message);
    const found = await rc.searchContacts({ phoneNumber: "+14155550199" });
    expect(found).toMatchObject({ ok: true, value: { records: [{ id: created.value.id, firstName: "Ada" }] } });
  });

  it("reads a finished call's log and downloads its recording", async () => {
    const rc = clientFor();
    const me = user(0).extensionId;
    const call = (await control("POST", "/_sim/calls", {
      extensionId: me,
      direction: "Inbound",
      from: "+14155550101",
    })) as { telephonySessionId: string };
    await control("POST", `/_sim/calls/${call.telephonySessionId}/end`, {});
    await control("POST", "/_sim/call-log/flush");
    const session = await rc.getCallLogBySession(call.telephonySessionId);
    if (!session.ok) throw new Error(session.error.message);
    const record = session.value.records.find((r) => r.recording);
    expect(record?.telephonySessionId).toBe(call.telephonySessionId);
    const contentUri = record?.recording?.contentUri;
    if (!contentUri) throw new Error("call log has no recording");
    const audio = await rc.downloadRecording(contentUri);
    if (!audio.ok) throw new Error(audio.error.message);
    expect(audio.value.contentType).toMatch(/^audio\//);
    expect(audio.value.bytes.byteLength).toBeGreaterThan(44);
  });

  it("slows down before the sandbox says 429 (Heavy: 10 per minute, one kept for presence)", async () => {
    const rc = new RingcentralClient({
      baseUrl,
      clientId: creds.clientId,
      clientSecret: creds.clientSecret,
      jwt: user(0).jwt,
      maxRateLimitWaitMs: 0,
    });
    const results = [];
    for (let i = 0; i < 10; i++) results.push(await rc.searchContacts({ phoneNumber: "+14155550101" }));
    expect(results.slice(0, 9).every((r) => r.ok)).toBe(true);
    expect(results[9]).toMatchObject({
      ok: false,
      error: { code: "RATE_LIMITED_LOCALLY", retryable: true, waitingFor: "RingCentral's Heavy budget" },
    });
    const sent = (await control("GET", "/_sim/requests?path=/address-book/contact")) as unknown[];
    expect(sent).toHaveLength(9);
  });
});

describe("fault injection", () => {
  const inject = (fault: Record<string, unknown>) => control("POST", "/_sim/faults", { http: [fault] });

  it("429 + Retry-After → retryable with that delay", async () => {
    await inject({ path: "/presence", status: 429, retryAfter: 7 });
    const result = await clientFor().getPresence();
    expect(result).toMatchObject({
      ok: false,
      error: { status: 429, code: "CMN-301", retryable: true, retryAfterMs: 7000 },
    });
  });

  it("500 → retryable", async () => {
    await inject({ path: "/presence", status: 500 });
    const result = await clientFor().getPresence();
    expect(result).toMatchObject({ ok: false, error: { status: 500, retryable: true } });
  });

  it("400 → not retryable, with the platform's code and message", async () => {
    await inject({ path: "/presence", status: 400 });
    const result = await clientFor().updatePresence(user(0).extensionId, { userStatus: "Available" });
    expect(result).toMatchObject({
      ok: false,
      error: { status: 400, code: "CMN-101", message: "Parameter value is invalid.", retryable: false },
    });
  });

  it("a real 404 from the sandbox carries CMN-102", async () => {
    const result = await clientFor().getPresence("999999999");
    expect(result).toMatchObject({ ok: false, error: { status: 404, code: "CMN-102", retryable: false } });
  });

  it("a dropped connection is a retryable network error", async () => {
    await inject({ path: "/presence", drop: true });
    const result = await clientFor().getPresence();
    expect(result).toMatchObject({ ok: false, error: { retryable: true } });
  });
});
