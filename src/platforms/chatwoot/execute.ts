import { ok } from "../../lib/result.ts";
import type { PlatformCommand } from "../command-owners.ts";
import type { ExecuteOutcome } from "../connection-types.ts";
import type { ChatwootClients } from "./config.ts";

/** Sends one of Chatwoot's commands. */
export async function executeChatwoot(
  { client }: ChatwootClients,
  command: PlatformCommand<"chatwoot">,
): Promise<ExecuteOutcome> {
  switch (command.kind) {
    case "chatwoot.set_availability": {
      const res = await client.updateAgentAvailability(command.userId, command.target.availability);
      return res.ok ? ok({}) : res;
    }
    case "chatwoot.note_call": {
      const note = await client.createMessage(command.conversationId, { content: command.text, private: true });
      if (!note.ok) return note;
      if (command.contactId && command.attributes) {
        const updated = await client.updateContact(command.contactId, { customAttributes: command.attributes });
        if (!updated.ok) return updated;
      }
      return ok({ externalId: String(note.value.id) });
    }
    default:
      return command satisfies never;
  }
}
