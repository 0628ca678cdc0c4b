import { z } from "zod";
import type { ActionTable } from "./actions.ts";
import type { LivechatDeps } from "./deps.ts";
import { findChat, requireChatUser, sourceOf } from "./deps.ts";
import { lcError, parseBody } from "./errors.ts";
import type { AgentRecord } from "./state.ts";

const transferSchema = z.object({
  id: z.string().min(1),
  target: z.object({
    type: z.enum(["group", "agent"]),
    ids: z.array(z.union([z.number().int().nonnegative(), z.string().min(1)])).min(1),
  }),
  ignore_agents_availability: z.boolean().optional(),
  ignore_requester_presence: z.boolean().optional(),
});

function available(deps: LivechatDeps, agent: AgentRecord): boolean {
  return agent.routingStatus === "accepting_chats" && deps.state.activeChatIdsOf(agent.id).length < agent.maxChatsCount;
}

/**
 * Agent Chat API `transfer_chat` (webhook `chat_transferred`): the chat leaves its current agents (the requester
 * included) for the target group's least busy accepting person, or the named agent. The chat must be active.
 */
export function agentTransferActions(deps: LivechatDeps): ActionTable {
  return {
    transfer_chat: {
      run: ({ body, requester }) => {
        const input = parseBody(transferSchema, body);
        const chat = findChat(deps, input.id);
        if (!input.ignore_requester_presence) requireChatUser(chat, requester);
        const thread = deps.state.activeThread(chat);
        if (!thread) throw lcError("chat_inactive");
        const people = [...deps.state.agents.values()].filter((a) => !a.bot && a.id !== requester.agentId);
        let targets: AgentRecord[];
        let groupIds: number[];
        if (input.target.type === "group") {
          groupIds = input.target.ids.map((id) => Number(id));
          if (groupIds.some((id) => !Number.isInteger(id)))
            throw lcError("validation", "`target.ids` must be group ids");
          targets = people.filter((a) => a.groupIds.some((g) => groupIds.includes(g)));
        } else {
          const ids = input.target.ids.map(String);
          targets = ids.map((id) => {
            const agent = deps.state.agents.get(id);
            if (!agent) throw lcError("not_found", "Agent not found");
            return agent;
          });
          groupIds = [...chat.groupIds];
        }
        if (!input.ignore_agents_availability) targets = targets.filter((a) => available(deps, a));
        targets.sort((a, b) => deps.state.activeChatIdsOf(a.id).length - deps.state.activeChatIdsOf(b.id).length);
        const assignee = input.target.type === "group" ? targets.slice(0, 1) : targets;
        if (input.target.type === "agent" && assignee.length === 0) {
          throw lcError("agent_offline", "The target agent is not accepting chats");
        }
        deps.chats.transfer(chat, {
          groupIds,
          agentIds: assignee.map((a) => a.id),
          requesterId: requester.agentId,
          source: sourceOf(requester),
        });
        return {};
      },
    },
  };
}
