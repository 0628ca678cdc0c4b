import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createLivechatSim } from "../../sim/livechat/app.ts";
import type { Sim } from "../../sim/shared/types.ts";
import { LivechatClient } from "../../src/platforms/livechat/client.ts";
import { SHARED_DIR, sharedPath } from "../helpers/shared-docs.ts";
import { describeRequest, ExchangeRecorder } from "./capture.ts";
import type { Deviation } from "./deviations.ts";
import { formatIssue } from "./deviations.ts";
import { checkAction, checkWebhook } from "./livechat-check.ts";
import { DOCUMENTED, OPTIONAL } from "./livechat-documented.ts";
import { LivechatExamples } from "./livechat-examples.ts";
import { actionOf, driveLivechat } from "./livechat-scenario.ts";
import type { Receiver } from "./receiver.ts";
import { startReceiver } from "./receiver.ts";
import { contractSuite, IssueLog, publicMethods, trackCalls } from "./suite.ts";

/**
 * LiveChat has no OpenAPI for the Agent Chat / Configuration APIs or webhooks: the contract is the docs' example
 * JSON (shared/specs/livechat/examples). Every action our client calls must be a documented method of that API
 * version, use documented parameters, and get answers and webhooks shaped like the documented examples.
 */

/** Differences accepted with a reason. */
const DEVIATIONS: (Deviation & { versions: readonly string[] })[] = [
  {
    versions: ["v3.5"],
    operation: "webhook incoming_customer v3.5",
    kind: "webhook",
    pointer: "/payload/customer/chat_ids",
    reason:
      "the docs show `{customer: {}}` (a placeholder) and the Go fixture a flat customer: the real shape is " +
      "UNCONFIRMED (livechat.md §8.8); the sandbox sends the get_customer form, and the hub ignores this webhook",
  },
  ...(["v3.6", "v3.5"] as const).flatMap((v): (Deviation & { versions: readonly string[] })[] => [
    {
      versions: [v],
      operation: `webhook chat_transferred ${v}`,
      kind: "webhook",
      pointer: "/payload/queue",
      reason:
        "the example shows a chat transferred into the queue; a transfer that an available agent takes at once " +
        "has no queue position, so the sandbox omits `queue` then (the hub reads only chat_id and transferred_to)",
    },
    {
      versions: [v],
      operation: `webhook chat_transferred ${v}`,
      kind: "webhook",
      pointer: "/additional_data",
      reason:
        "the only example omits the envelope's `additional_data`, which livechat.md §1 documents on every " +
        "webhook (`{}` when nothing was asked for at registration)",
    },
  ]),
];

/**
 * Sandbox bugs against the docs, reported to the sandbox's owner; each has an it.fails below. Confirmed by every
 * documented example of the structure.
 */
const FINDINGS: Deviation[] = [];

const credsSchema = z.looseObject({ accountId: z.string(), pat: z.string(), clientId: z.string() });

describe.skipIf(!SHARED_DIR)(contractSuite("LiveChat client and sandbox against the documented examples"), () => {
  describe.each(["v3.6", "v3.5"] as const)("API %s", (version) => {
    let examples: LivechatExamples;
    let sim: Sim;
    let recorder: ExchangeRecorder;
    let receiver: Receiver;
    let client: LivechatClient;
    let called: Set<string>;
    const log = new IssueLog(
      DEVIATIONS.filter((d) => d.versions.includes(version)),
      FINDINGS,
    );
    const checked: string[] = [];

    beforeAll(async () => {
      examples = new LivechatExamples(sharedPath("specs/livechat/examples"), version);
      sim = await createLivechatSim({ webhookRetryDelayMs: 20 });
      const baseUrl = await sim.listen(0, "127.0.0.1");
      recorder = new ExchangeRecorder(baseUrl);
      receiver = await startReceiver();
      const creds = credsSchema.parse(sim.credentials);
      const auth = { kind: "pat" as const, accountId: creds.accountId, pat: creds.pat };
      const tracked = trackCalls(new LivechatClient({ baseUrl, version, auth }));
      client = tracked.client;
      called = tracked.called;
      await driveLivechat({ client, version, recorder, receiver, clientId: creds.clientId });

      for (const exchange of recorder.take()) {
        checked.push(describeRequest(exchange));
        log.add(checkAction(examples, exchange, DOCUMENTED, OPTIONAL));
      }
      for (const r of receiver.received) {
        log.add(checkWebhook(examples, r.body, DOCUMENTED, OPTIONAL));
      }
    });

    afterAll(async () => {
      recorder?.restore();
      await receiver?.close();
      await sim?.close();
    });

    it("exercises every public method of the client", () => {
      expect([...called].sort()).toEqual(publicMethods(LivechatClient));
    });

    it("the sandbox received exactly the requests that were checked", async () => {
      expect(await recorder.sandboxLog()).toEqual(checked);
    });

    it("calls only documented methods, with documented parameters, and gets documented answers and webhooks", () => {
      expect(log.unexplained()).toEqual([]);
    });

    it("every listed deviation still occurs", () => {
      expect(log.stale()).toEqual([]);
    });

    it("catches an undocumented action, a wrong answer and a wrong webhook (the checks can fail)", async () => {
      const invented = {
        method: "POST",
        path: `/${version}/agent/action/update_customer_properties`,
        query: [],
        requestBody: "{}",
        status: 200,
        responseBody: "{}",
      };
      expect(checkAction(examples, invented, DOCUMENTED, OPTIONAL).map(formatIssue)).toEqual([
        expect.stringMatching(/\[operation\] \(root\): no documented agent method "update_customer_properties"/),
      ]);
      await recorder.control("POST", "/_sim/faults", {
        http: [
          { path: "list_routing_statuses", status: 200, body: [{ agent_id: 7, status: "accepting_chats", since: 1 }] },
        ],
      });
      await client.listRoutingStatuses();
      const answer = recorder.take().flatMap((e) => checkAction(examples, e, DOCUMENTED, OPTIONAL));
      expect(answer.map(formatIssue)).toEqual([
        expect.stringMatching(/list_routing_statuses \[response\] \/0\/agent_id: is number, documented as string/),
        expect.stringMatching(/list_routing_statuses \[response\] \/0\/since: key not in the documented examples/),
      ]);
      const delivered = receiver.received.find((r) => actionOf(r.body) === "chat_deactivated");
      if (!delivered) throw new Error("no chat_deactivated delivery to break");
      const broken = z.looseObject({ payload: z.looseObject({}) }).parse(JSON.parse(delivered.body));
      delete broken.payload.chat_id;
      const webhook = checkWebhook(examples, JSON.stringify(broken), DOCUMENTED, OPTIONAL);
      expect(webhook.map(formatIssue)).toEqual([expect.stringMatching(/\/payload\/chat_id: documented key missing/)]);
    });

    // Known sandbox bugs (FINDINGS): each fails until the sandbox is fixed; then remove the row and this it.fails.
    for (const finding of FINDINGS) {
      it.fails(`finding: ${finding.reason.slice(0, 90)}…`, () => {
        expect(log.matching(finding)).toEqual([]);
      });
    }
  });
});
