import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createRingcentralSim } from "../../sim/ringcentral/app.ts";
import type { Sim } from "../../sim/shared/types.ts";
import { RingcentralClient } from "../../src/platforms/ringcentral/client.ts";
import { listExtensions } from "../../src/platforms/ringcentral/endpoints.ts";
import { SHARED_DIR, sharedPath } from "../helpers/shared-docs.ts";
import { describeRequest, ExchangeRecorder } from "./capture.ts";
import type { Deviation } from "./deviations.ts";
import { formatIssue } from "./deviations.ts";
import { OpenApiContract } from "./openapi.ts";
import type { Receiver } from "./receiver.ts";
import { startReceiver } from "./receiver.ts";
import { contractSuite, IssueLog, must, publicMethods, trackCalls } from "./suite.ts";

/**
 * Every request the RingCentral client sends and every answer of the sandbox, checked against RingCentral's own
 * OpenAPI description (shared/specs/ringcentral/rc-public-openapi.yml); and every notification the sandbox delivers
 * against the spec's event schemas.
 */

/** Known differences from the spec, each with its reason. Anything else fails. */
const DEVIATIONS: Deviation[] = [
  {
    operation: /^(GET|DELETE|PUT|POST) \/restapi\/v1\.0\/subscription\/\{subscriptionId\}(\/renew)?$/,
    kind: "path",
    pointer: "/subscriptionId",
    message: /must NOT have more than 20 characters/,
    reason:
      "the spec's SubscriptionId parameter says maxLength 20, but its own SubscriptionInfo.id example and every " +
      "documented subscription (platforms/ringcentral.md §1.1) carry a 36-character UUID: the parameter is wrong",
  },
  {
    operation: /^GET \/ai\/status\/v1\/jobs\/\{jobId\}$/,
    kind: "response",
    pointer: "",
    message: /must match exactly one schema in oneOf/,
    reason:
      "JobStatusResponse is a oneOf of open objects (SummaryApiOutput, DiarizeApiResponse, AsrApiResponse…) that share " +
      "`status` + `response` and forbid nothing else, so a valid speech-to-text result matches several branches",
  },
];

/** Which event schema a notification must match, from its `event` filter (most specific first). */
const EVENT_SCHEMAS: [RegExp, string][] = [
  [/^\/restapi\/v1\.0\/account\/[^/]+\/extension\/[^/]+\/telephony\/sessions/, "ExtensionTelephonySessionsEvent"],
  [/^\/restapi\/v1\.0\/account\/[^/]+\/telephony\/sessions/, "AccountTelephonySessionsEvent"],
  [/\/extension\/[^/]+\/presence\?(.*&)?detailedTelephonyState=true/, "DetailedExtensionPresenceEvent"],
  [/\/extension\/[^/]+\/presence$/, "ExtensionPresenceEvent"],
];

const credsSchema = z.looseObject({
  clientId: z.string(),
  clientSecret: z.string(),
  users: z.array(z.looseObject({ extensionId: z.string(), email: z.string(), jwt: z.string() })).min(2),
});
const startedCall = z.object({ telephonySessionId: z.string() });
const notification = z.looseObject({ event: z.string() });

describe.skipIf(!SHARED_DIR)(contractSuite("RingCentral client and sandbox against rc-public-openapi.yml"), () => {
  let contract: OpenApiContract;
  let sim: Sim;
  let recorder: ExchangeRecorder;
  let receiver: Receiver;
  let called: Set<string>;
  let rc: RingcentralClient;
  const log = new IssueLog(DEVIATIONS);
  const checked: string[] = [];

  beforeAll(async () => {
    contract = OpenApiContract.load(sharedPath("specs/ringcentral/rc-public-openapi.yml"), "rc");
    sim = await createRingcentralSim({ reminderCheckMs: 0, rateLimits: false, callLogLagMs: 0 });
    const baseUrl = await sim.listen(0, "127.0.0.1");
    recorder = new ExchangeRecorder(baseUrl);
    receiver = await startReceiver();
    const creds = credsSchema.parse(sim.credentials);
    const [me, other] = creds.users;
    if (!me || !other) throw new Error("the sandbox has fewer than two users");
    const tracked = trackCalls(
      new RingcentralClient({
        baseUrl,
        clientId: creds.clientId,
        clientSecret: creds.clientSecret,
        jwt: me.jwt,
        // The scenario is short and bursty; the limiter's own behaviour is tested elsewhere.
        rateLimits: { Light: 1000, Medium: 1000, Heavy: 1000, Auth: 1000 },
      }),
    );
    rc = tracked.client;
    called = tracked.called;

    // Presence, with a JWT login first and a refresh-token grant after the sandbox expires the access token.
    await must(rc.getPresence());
    await recorder.control("POST", "/_sim/tokens/expire", {});
    await must(rc.getPresence(me.extensionId, { detailedTelephonyState: true }));
    await must(rc.updatePresence(me.extensionId, { userStatus: "Busy", dndStatus: "DoNotAcceptAnyCalls" }));
    await must(rc.updatePresence(me.extensionId, { userStatus: "Available", dndStatus: "TakeAllCalls" }));

    // Subscriptions: the same event filters the hub registers, plus the account-level telephony filter.
    const sub = await must(
      rc.createSubscription({
        eventFilters: [
          "/restapi/v1.0/account/~/telephony/sessions",
          `/restapi/v1.0/account/~/extension/${me.extensionId}/telephony/sessions`,
          `/restapi/v1.0/account/~/extension/${me.extensionId}/presence?detailedTelephonyState=true`,
          `/restapi/v1.0/account/~/extension/${other.extensionId}/presence`,
        ],
        address: receiver.url,
        verificationToken: "contract-test-verification-token",
        expiresIn: 3600,
      }),
    );
    await must(rc.getSubscription(sub.id));
    await must(rc.listSubscriptions());
    await must(rc.renewSubscription(sub.id));

    // A call: ringing, answered, live session and active calls, ended, call log and recording.
    const call = startedCall.parse(
      await recorder.control("POST", "/_sim/calls", {
        extensionId: me.extensionId,
        direction: "Inbound",
        from: "+14155550101",
        answer: false,
      }),
    );
    await must(rc.getTelephonySession(call.telephonySessionId));
    await recorder.control("POST", `/_sim/calls/${call.telephonySessionId}/answer`, {});
    await must(rc.getTelephonySession(call.telephonySessionId));
    await must(rc.listActiveCalls());
    await must(rc.listActiveCalls({ accountWide: true, page: 1, perPage: 100 }));
    await recorder.control("POST", `/_sim/extensions/${other.extensionId}/presence`, { userStatus: "Busy" });
    await recorder.control("POST", `/_sim/calls/${call.telephonySessionId}/end`, {});
    await recorder.control("POST", "/_sim/call-log/flush");
    const callLog = await must(rc.getCallLogBySession(call.telephonySessionId));
    await must(rc.getCallLogBySession(call.telephonySessionId, { accountWide: true, view: "Detailed" }));
    const hour = 3_600_000;
    const window = {
      dateFrom: new Date(Date.now() - hour).toISOString(),
      dateTo: new Date(Date.now() + hour).toISOString(),
    };
    await must(rc.listCallLog(window, { accountWide: true, view: "Detailed", perPage: 100 }));
    const contentUri = callLog.records.find((r) => r.recording)?.recording?.contentUri;
    if (!contentUri) throw new Error("the sandbox's call log has no recording");
    await must(rc.downloadRecording(contentUri));

    // RingCentral AI: speech-to-text of that recording and a summary, each an async job read back by id.
    const stt = await must(
      rc.startSpeechToText({ contentUri, encoding: "Wav", languageCode: "en-US" }, "http://127.0.0.1:9/ai"),
    );
    await must(rc.getAiJob(stt.jobId));
    const summary = await must(
      rc.startSummarize([{ speakerId: "0", text: "I need a refund.", start: 0, end: 2 }], "http://127.0.0.1:9/ai"),
    );
    await must(rc.getAiJob(summary.jobId));

    // Team Messaging: the agent's direct conversation (found by email, then by id), a post and its edit.
    const chat = await must(rc.findOrCreateDirectConversation({ email: other.email }));
    await must(rc.findOrCreateDirectConversation({ id: other.extensionId }));
    const post = await must(rc.createPost(chat.conversation.id, { text: "Chat started with Jane Cooper" }));
    await must(rc.updatePost(chat.conversation.id, post.id, { text: "Chat ended" }));

    // Directory and address book.
    await must(rc.listExtensions({ status: "Enabled", type: "User", page: 1, perPage: 10 }));
    await must(rc.listAllExtensions());
    // The generic path the admin API's calls take (src/admin/), with a call of the client's own.
    await must(rc.send(listExtensions({ type: "Department", perPage: 10 })));
    const contact = { firstName: "Ada", lastName: "Lovelace", email: "ada@example.com", mobilePhone: "+14155550199" };
    await must(rc.createContact({ ...contact, company: "Analytical Engines", notes: "from a LiveChat chat" }));
    await must(rc.searchContacts({ phoneNumber: "+14155550199" }));
    await must(rc.searchContacts({ phoneNumber: ["+14155550199", "+14155550101"], startsWith: "Ada" }));

    const wanted = new Set(EVENT_SCHEMAS.map(([, name]) => name));
    await receiver.waitFor((got) => new Set(got.map((r) => schemaFor(r.body))).size >= wanted.size);
    await must(rc.deleteSubscription(sub.id));

    for (const exchange of recorder.take()) {
      checked.push(describeRequest(exchange));
      log.add(contract.check(exchange));
    }
  });

  afterAll(async () => {
    recorder?.restore();
    await receiver?.close();
    await sim?.close();
  });

  it("exercises every public method of the client", () => {
    expect([...called].sort()).toEqual(publicMethods(RingcentralClient));
  });

  it("the sandbox received exactly the requests that were checked", async () => {
    expect(await recorder.sandboxLog()).toEqual(checked);
  });

  it("every request is a documented operation and every 2xx answer matches its schema", () => {
    expect(log.unexplained()).toEqual([]);
  });

  it("every notification the sandbox delivered matches the spec's event schema", () => {
    const problems = receiver.received.flatMap((r) => {
      const name = schemaFor(r.body);
      if (!name) return [`no event schema for ${r.body.slice(0, 200)}`];
      const pointer = `#/components/schemas/${name}`;
      return contract.validate(pointer, JSON.parse(r.body)).map((e) => `${name} ${e.pointer}: ${e.message}`);
    });
    expect(receiver.received.length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  it("every listed deviation still occurs", () => {
    expect(log.stale()).toEqual([]);
  });

  it("catches a sandbox answer that breaks the schema (the check can fail)", async () => {
    await recorder.control("POST", "/_sim/faults", {
      http: [
        { path: "/presence", method: "GET", status: 200, body: { userStatus: "Sleeping", dndStatus: "TakeAllCalls" } },
      ],
    });
    await rc.getPresence();
    const issues = recorder.take().flatMap((e) => contract.check(e));
    expect(issues.map(formatIssue)).toEqual([
      expect.stringMatching(/presence \[response\] \/userStatus: must be equal to one of the allowed values/),
    ]);
  });
});

function schemaFor(body: string): string | undefined {
  const parsed = notification.safeParse(JSON.parse(body));
  if (!parsed.success) return undefined;
  return EVENT_SCHEMAS.find(([pattern]) => pattern.test(parsed.data.event))?.[1];
}
