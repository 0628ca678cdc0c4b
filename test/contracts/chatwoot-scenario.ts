import { z } from "zod";
import type { ChatwootClient } from "../../src/platforms/chatwoot/client.ts";
import type { ExchangeRecorder } from "./capture.ts";
import { must } from "./suite.ts";

export const chatwootCredsSchema = z.looseObject({
  accountId: z.number(),
  admin: z.looseObject({ accessToken: z.string() }),
  agents: z.array(z.looseObject({ userId: z.number(), accessToken: z.string() })).min(1),
  agentBot: z.looseObject({ id: z.number(), accessToken: z.string() }),
  apiInbox: z.looseObject({ id: z.number() }),
  webWidgetInbox: z.looseObject({ id: z.number() }),
});
export type ChatwootCreds = z.infer<typeof chatwootCredsSchema>;

const started = z.looseObject({ conversationId: z.number(), contactId: z.number() });

async function startConversation(recorder: ExchangeRecorder, inboxId: number, email: string): Promise<number> {
  const body = { inboxId, contact: { name: "Jane Cooper", email }, text: "Hi, where is my order?" };
  return started.parse(await recorder.control("POST", "/_sim/conversations", body)).conversationId;
}

/**
 * Calls every method of the client the way the hub does: availability with an admin token and with an agent's own,
 * conversation mirroring and notes, contact matching and creation, and the account webhook of the connect step.
 */
export async function driveChatwoot(input: {
  admin: ChatwootClient;
  ownToken: ChatwootClient;
  recorder: ExchangeRecorder;
  creds: ChatwootCreds;
}): Promise<void> {
  const { admin, ownToken, recorder, creds } = input;
  const agent = creds.agents[0];
  if (!agent) throw new Error("the sandbox has no agents");
  await must(admin.listAgents());
  await must(admin.getProfile());
  await must(admin.updateAgentAvailability(agent.userId, "busy"));
  await must(admin.updateAgentAvailability(String(agent.userId), "online", false));
  await must(ownToken.setOwnAvailability("offline"));

  const conversation = await startConversation(recorder, creds.apiInbox.id, "jane.cooper@example.com");
  await must(admin.getConversation(conversation));
  await must(admin.listConversations());
  const filter = { status: "all", assigneeType: "all", inboxId: creds.apiInbox.id, labels: ["vip", "phone"] } as const;
  await must(admin.listConversations({ ...filter, q: "order", page: 1 }));
  await must(admin.listConversations({ sourceId: "lc-chat-PJ0MRSHTDG", updatedWithinSec: 3600 }));
  await must(admin.assignConversation(conversation, { agentId: agent.userId }));
  await must(admin.assignConversation(conversation, { agentId: null }));
  await must(admin.assignConversation(conversation, { teamId: 1 }));
  await must(admin.assignConversation(conversation, { agentBotId: creds.agentBot.id }));
  await must(admin.createMessage(conversation, { content: "Call noted: 3 min", private: true }));
  const mirrored = { content: "Mirrored from LiveChat", messageType: "incoming", sourceId: "lc-event-1" } as const;
  await must(
    admin.createMessage(conversation, { ...mirrored, contentAttributes: {}, contentType: "text", echoId: "e-1" }),
  );
  await must(admin.setConversationLabels(conversation, ["vip", "phone"]));
  await must(admin.listConversationLabels(conversation));
  await must(admin.setConversationStatus(conversation, "pending"));
  await must(admin.setConversationStatus(conversation, "snoozed", 1_900_000_000));
  await must(admin.setConversationStatus(conversation, "resolved"));

  const contact = await must(
    admin.createContact({
      name: "Robin Vale",
      email: "robin.vale@example.com",
      phoneNumber: "+14155550177",
      identifier: "cus_robin",
      customAttributes: { switchboard_id: "cus_1" },
      additionalAttributes: { company_name: "Vale & Co" },
      inboxId: creds.apiInbox.id,
      sourceId: "lc-customer-robin",
    }),
  );
  await must(admin.createContact({ name: "Sam Hill", phoneNumber: "+14155550178" }));
  await must(admin.getContact(contact.id));
  await must(admin.updateContact(contact.id, { customAttributes: { tier: "gold" }, blocked: false }));
  await must(
    admin.filterContacts([
      { attributeKey: "email", filterOperator: "equal_to", values: ["robin.vale@example.com"], queryOperator: "OR" },
      { attributeKey: "phone_number", filterOperator: "equal_to", values: ["+14155550177"] },
    ]),
  );
  await must(admin.searchContacts("+14155550177"));

  const subscriptions = ["message_created"] as const;
  const hook = await must(admin.createWebhook({ url: "http://127.0.0.1:9/hook", name: "switchboard", subscriptions }));
  await must(admin.listWebhooks());
  await must(admin.deleteWebhook(hook.id));
}

/** The agent bot on a conversation it owns (`pending` in its inbox): a reply, then the hand-off to a human. */
export async function driveChatwootBot(input: {
  bot: ChatwootClient;
  recorder: ExchangeRecorder;
  creds: ChatwootCreds;
}): Promise<void> {
  const conversation = await startConversation(input.recorder, input.creds.webWidgetInbox.id, "sam@example.com");
  await must(input.bot.createMessage(conversation, { content: "Your order shipped yesterday. Anything else?" }));
  await must(input.bot.setConversationStatus(conversation, "open"));
}
