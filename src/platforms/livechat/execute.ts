import { ok } from "../../lib/result.ts";
import type { PlatformCommand } from "../command-owners.ts";
import type { ExecuteOutcome } from "../connection-types.ts";
import type { LivechatClients } from "./config.ts";

/** Sends one of LiveChat's commands. */
export async function executeLivechat(
  { client }: LivechatClients,
  command: PlatformCommand<"livechat">,
): Promise<ExecuteOutcome> {
  switch (command.kind) {
    case "livechat.set_routing_status": {
      const res = await client.setRoutingStatus({
        status: command.target.routingStatus,
        agentId: command.agentExternalId,
      });
      return res.ok ? ok({}) : res;
    }
    case "livechat.note_call": {
      const res = await client.updateCustomerSessionFields(command.customerId, command.fields);
      return res.ok ? ok({}) : res;
    }
    default:
      return command satisfies never;
  }
}
