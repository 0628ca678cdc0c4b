import type { ClientCache } from "../connections/clients.ts";
import type { ConnectionRow } from "../connections/repo.ts";
import type { PlatformError } from "../lib/http-client.ts";
import { err, ok, type Result } from "../lib/result.ts";
import type { CommandPayload } from "./kinds.ts";

export type ExecuteOutcome = Result<{ externalId?: string }, PlatformError>;

const invalid = (message: string): PlatformError => ({ kind: "invalid_response", message, retryable: false });

/** Sends one command to its platform. Pure plumbing: what to send was decided before. */
export async function sendCommand(
  clients: ClientCache,
  connection: ConnectionRow,
  payload: CommandPayload,
): Promise<ExecuteOutcome> {
  switch (payload.kind) {
    case "livechat.set_routing_status": {
      const res = await clients
        .livechat(connection)
        .client.setRoutingStatus({ status: payload.target.routingStatus, agentId: payload.agentExternalId });
      return res.ok ? ok({}) : res;
    }
    case "chatwoot.set_availability": {
      const res = await clients
        .chatwoot(connection)
        .client.updateAgentAvailability(payload.userId, payload.target.availability);
      return res.ok ? ok({}) : res;
    }
    case "ringcentral.set_presence": {
      const res = await clients.ringcentral(connection).client.updatePresence(payload.extensionId, payload.target);
      return res.ok ? ok({}) : res;
    }
    case "ringcentral.post_message": {
      const rc = clients.ringcentral(connection).client;
      const conversation = await rc.findOrCreateDirectConversation({ email: payload.email });
      if (!conversation.ok) return conversation;
      const chatId = String(conversation.value.conversation.id);
      const post = await rc.createPost(chatId, { text: payload.text });
      return post.ok ? ok({ externalId: `${chatId}/${String(post.value.id)}` }) : post;
    }
    case "ringcentral.send_sms": {
      const sms = await clients.ringcentral(connection).client.sendSms(payload);
      return sms.ok ? ok({ externalId: String(sms.value.id) }) : sms;
    }
    case "livechat.note_call": {
      const res = await clients
        .livechat(connection)
        .client.updateCustomerSessionFields(payload.customerId, payload.fields);
      return res.ok ? ok({}) : res;
    }
    case "chatwoot.note_call": {
      const cw = clients.chatwoot(connection).client;
      const note = await cw.createMessage(payload.conversationId, { content: payload.text, private: true });
      if (!note.ok) return note;
      if (payload.contactId && payload.attributes) {
        const updated = await cw.updateContact(payload.contactId, { customAttributes: payload.attributes });
        if (!updated.ok) return updated;
      }
      return ok({ externalId: String(note.value.id) });
    }
    case "bot.reply":
    case "bot.handoff":
      return err(invalid("bot commands are sent by the bot's executor (src/bot/channels/send.ts)"));
    default:
      return err(invalid(`unknown command kind ${(payload as { kind: string }).kind}`));
  }
}
