import { z } from "zod";
import type { LivechatClient, LivechatVersion } from "../../src/platforms/livechat/client.ts";
import { livechatActions } from "../../src/platforms/livechat/connect.ts";
import type { ExchangeRecorder } from "./capture.ts";
import type { Receiver } from "./receiver.ts";
import { must } from "./suite.ts";

const ADA = "ada@switchboard.demo";
const GRACE = "grace@switchboard.demo";

/** Webhooks the hub registers, plus the one our own calls cause; v3.5 also announces new customers. */
export const registeredActions = (version: LivechatVersion): string[] => [
  ...livechatActions(version),
  "chat_properties_updated",
];

/** The sandbox has no transfers: `chat_transferred` is registered (as the hub does) but never fires. */
const UNTRIGGERED = new Set(["chat_transferred"]);

export const actionOf = (body: string): string => z.looseObject({ action: z.string() }).parse(JSON.parse(body)).action;

const started = z.object({ chatId: z.string(), threadId: z.string(), customerId: z.string() });

/**
 * Calls every client method the way the hub does (connect, availability, chat mirroring, customer updates), with
 * the sandbox playing customers through its control API, and waits until one webhook of each expected action came.
 */
export async function driveLivechat(input: {
  client: LivechatClient;
  version: LivechatVersion;
  recorder: ExchangeRecorder;
  receiver: Receiver;
  clientId: string;
}): Promise<void> {
  const { client: c, recorder, receiver, clientId, version } = input;
  await must(c.listAgents());
  await must(
    c.listAgents({ groupIds: [0], suspended: false, fields: ["max_chats_count", "job_title", "last_logout"] }),
  );
  const ids: string[] = [];
  for (const action of registeredActions(version)) {
    const additionalData = ["chat_properties", "chat_presence_user_ids"] as const;
    const hook = await must(
      c.registerWebhook({
        url: receiver.url,
        action,
        secretKey: "contract-secret",
        ownerClientId: clientId,
        type: "license",
        description: "switchboard contract test",
        ...(action === "incoming_event" ? { additionalData: [...additionalData] } : {}),
      }),
    );
    ids.push(hook.id);
  }
  await must(c.listWebhooks(clientId));
  await must(c.enableLicenseWebhooks(clientId));
  await must(c.getLicenseWebhooksState(clientId));

  await must(c.setRoutingStatus({ status: "not_accepting_chats", agentId: GRACE }));
  await must(c.setRoutingStatus({ status: "accepting_chats", agentId: GRACE }));
  await must(c.setRoutingStatus({ status: "accepting_chats" }));
  await must(c.listRoutingStatuses());
  await must(c.listRoutingStatuses({ groupIds: [0] }));

  const customer = { name: "Jane Cooper", email: "jane.cooper@example.com", phone: "+14155550101" };
  const chat = started.parse(
    await recorder.control("POST", "/_sim/chats", { agentId: GRACE, customer, message: "Hi there" }),
  );
  const other = { name: "Sam Hill", email: "sam.hill@example.com" };
  const otherChat = started.parse(
    await recorder.control("POST", "/_sim/chats", { agentId: ADA, customer: other, message: "Hello?" }),
  );
  const { chatId } = chat;
  await must(c.getChat({ chatId }));
  await must(c.getChat({ chatId, threadId: chat.threadId }));
  await must(c.listChats());
  const page = await must(c.listChats({ active: true, groupIds: [0], limit: 1, sortOrder: "desc" }));
  if (page.nextPageId) await must(c.listChats({ pageId: page.nextPageId }));
  await must(c.addUserToChat({ chatId, userId: ADA, userType: "agent" }));
  await must(c.sendEvent({ chatId, event: { type: "message", text: "Hello from the hub", customId: "sb-1" } }));
  await must(c.sendEvent({ chatId, event: { type: "message", text: "Note", visibility: "agents" } }));
  const systemMessage = {
    type: "system_message" as const,
    text: "Call started with Ada",
    systemMessageType: "switchboard.call_started",
    textVars: { agent: "Ada" },
  };
  await must(c.sendEvent({ chatId, event: systemMessage, attachToLastThread: true }));
  await must(c.updateChatProperties({ chatId, properties: { switchboard: { call_id: "c-1" } } }));
  await must(c.getCustomer(chat.customerId));
  const update = { id: chat.customerId, name: "Jane C.", email: "jane.c@example.com", phoneNumber: "+14155550199" };
  await must(c.updateCustomer(update));
  await must(c.updateCustomerSessionFields(chat.customerId, { phone: "+14155550199" }));
  // The bot channel's calls: a chat handed to a group, and a token for a bot that does not exist (refused).
  await must(c.transferChat({ chatId: otherChat.chatId, target: { type: "group", ids: [0] } }));
  const refused = await c.issueBotToken({
    botId: "0".repeat(32),
    clientId,
    botSecret: "not-the-secret",
    organizationId: "00000000-0000-4000-8000-000000000000",
  });
  if (refused.ok) throw new Error("a made-up bot was issued a token");
  await recorder.control("POST", `/_sim/chats/${chatId}/messages`, { authorId: "customer", text: "Still there?" });
  await recorder.control("POST", `/_sim/chats/${chatId}/close`, {});

  const expected = registeredActions(version).filter((a) => !UNTRIGGERED.has(a));
  await receiver.waitFor((got) => expected.every((a) => got.some((r) => actionOf(r.body) === a)));
  const [first] = ids;
  if (first) await must(c.unregisterWebhook({ id: first, ownerClientId: clientId }));
}
