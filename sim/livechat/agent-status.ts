import { z } from "zod";
import type { ActionTable } from "./actions.ts";
import type { LivechatDeps } from "./deps.ts";
import { sourceOf } from "./deps.ts";
import { lcError, parseBody } from "./errors.ts";

const setRoutingStatusSchema = z.object({
  status: z.enum(["accepting_chats", "not_accepting_chats", "offline"]),
  agent_id: z.string().min(1).optional(),
});

const listRoutingStatusesSchema = z.object({
  filters: z.object({ group_ids: z.array(z.number().int().nonnegative()).max(200).optional() }).optional(),
});

/** Agent Chat API: routing status (agent availability). */
export function agentStatusActions(deps: LivechatDeps): ActionTable {
  return {
    set_routing_status: {
      run: ({ body, requester }) => {
        const input = parseBody(setRoutingStatusSchema, body);
        const agentId = input.agent_id ?? requester.agentId;
        const agent = deps.state.agents.get(agentId);
        if (!agent) throw lcError("not_found", "Agent not found");
        // Documented values: agents `accepting_chats` | `not_accepting_chats`; `offline` is for bots only.
        if (input.status === "offline" && !agent.bot)
          throw lcError("validation", "`status` offline is allowed only for bots");
        deps.people.setRoutingStatus(agent, input.status, sourceOf(requester));
        return {};
      },
    },
    list_routing_statuses: {
      run: ({ body }) => {
        const input = parseBody(listRoutingStatusesSchema, body);
        const groupIds = input.filters?.group_ids;
        return [...deps.state.agents.values()]
          .filter((agent) => !groupIds || agent.groupIds.some((g) => groupIds.includes(g)))
          .map((agent) => ({ agent_id: agent.id, status: agent.routingStatus }));
      },
    },
  };
}
