import { z } from "zod";
import type { ActionTable } from "./actions.ts";
import { GROUPS } from "./constants.ts";
import type { LivechatDeps } from "./deps.ts";
import { lcError, parseBody } from "./errors.ts";
import type { AgentRecord } from "./state.ts";

const AGENT_FIELDS = [
  "max_chats_count",
  "job_title",
  "last_logout",
  "groups",
  "summaries",
  "email_subscriptions",
  "notifications",
  "work_scheduler",
  "mobile",
] as const;
const fieldsSchema = z.array(z.enum(AGENT_FIELDS)).optional();

const listAgentsSchema = z.object({
  filters: z
    .object({ group_ids: z.array(z.number().int().nonnegative()).optional(), suspended: z.boolean().optional() })
    .optional(),
  fields: fieldsSchema,
});
const getAgentSchema = z.object({ id: z.string().min(1), fields: fieldsSchema });
const listGroupsSchema = z.object({ fields: z.array(z.enum(["agent_priorities", "routing_status"])).optional() });

/** Configuration API agent shape: `login_status` is the default after login, spelled with a space. */
function renderAgent(agent: AgentRecord, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: agent.id,
    account_id: agent.accountId,
    name: agent.name,
    role: agent.role,
    login_status: agent.loginStatus,
    avatar_path: agent.avatarPath,
  };
  if (fields.includes("max_chats_count")) out.max_chats_count = agent.maxChatsCount;
  if (fields.includes("job_title")) out.job_title = agent.jobTitle;
  if (fields.includes("groups")) out.groups = agent.groupIds.map((id) => ({ id, priority: "normal" }));
  if (fields.includes("summaries") || fields.includes("email_subscriptions")) out.summaries = ["weekly_summary"];
  if (fields.includes("notifications")) out.notifications = ["new_visitor", "incoming_chat"];
  if (fields.includes("work_scheduler")) out.work_scheduler = {};
  return out;
}

/** Configuration API: agents and groups (read-only in the sandbox). */
export function configurationAgentActions(deps: LivechatDeps): ActionTable {
  // Bots are agents of the license for routing, but the agent methods list people only.
  const agents = () => [...deps.state.agents.values()].filter((a) => !a.bot);
  return {
    list_agents: {
      run: ({ body }) => {
        const input = parseBody(listAgentsSchema, body);
        const groups = input.filters?.group_ids;
        // Demo agents are never suspended, so `suspended: true` finds nobody.
        if (input.filters?.suspended === true) return [];
        return agents()
          .filter((a) => !groups || a.groupIds.some((g) => groups.includes(g)))
          .map((a) => renderAgent(a, input.fields ?? []));
      },
    },
    get_agent: {
      run: ({ body }) => {
        const input = parseBody(getAgentSchema, body);
        const agent = deps.state.agents.get(input.id);
        if (!agent || agent.bot) throw lcError("not_found", "Agent not found");
        return renderAgent(agent, input.fields ?? []);
      },
    },
    list_groups: {
      run: ({ body }) => {
        const fields = parseBody(listGroupsSchema, body).fields ?? [];
        return GROUPS.map((group) => {
          const members = agents().filter((a) => a.groupIds.includes(group.id));
          const out: Record<string, unknown> = { id: group.id, name: group.name, language_code: "en" };
          if (fields.includes("agent_priorities")) {
            out.agent_priorities = Object.fromEntries(members.map((a) => [a.id, "normal"]));
          }
          if (fields.includes("routing_status")) {
            const accepting = members.some((a) => a.routingStatus === "accepting_chats");
            out.routing_status = accepting ? "accepting_chats" : "not_accepting_chats";
          }
          return out;
        });
      },
    },
  };
}
