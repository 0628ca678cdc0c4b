import { ok } from "../../lib/result.ts";
import type { PlatformCommand } from "../command-owners.ts";
import type { ExecuteOutcome } from "../connection-types.ts";
import type { RingcentralClients } from "./config.ts";

/** Sends one of RingCentral's commands. */
export async function executeRingcentral(
  { client }: RingcentralClients,
  command: PlatformCommand<"ringcentral">,
): Promise<ExecuteOutcome> {
  switch (command.kind) {
    case "ringcentral.set_presence": {
      const res = await client.updatePresence(command.extensionId, command.target);
      return res.ok ? ok({}) : res;
    }
    case "ringcentral.post_message": {
      const conversation = await client.findOrCreateDirectConversation({ email: command.email });
      if (!conversation.ok) return conversation;
      const chatId = String(conversation.value.conversation.id);
      const post = await client.createPost(chatId, { text: command.text });
      return post.ok ? ok({ externalId: `${chatId}/${String(post.value.id)}` }) : post;
    }
    default:
      return command satisfies never;
  }
}
