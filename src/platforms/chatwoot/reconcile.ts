import type { Reading, ReconcileReads } from "../connection-types.ts";
import type { ChatwootClients } from "./config.ts";

/**
 * Chatwoot sends no availability webhooks, so it is read at every tick: every agent's availability, and the open
 * conversations per assignee, which repair Chatwoot chats whose webhooks were lost.
 */
export const chatwootReconcile: ReconcileReads<ChatwootClients> = {
  everyTick: true,
  async read({ client: cw }, { at }) {
    const out = new Map<string, Reading>();
    const res = await cw.listAgents();
    if (!res.ok) throw new Error(res.error.message);
    // Open conversations per assignee repair Chatwoot chats whose webhooks were lost (25 a page; bounded).
    const open = new Map<string, string[]>();
    let complete = true;
    for (let page = 1; page <= 20; page++) {
      const list = await cw.listConversations({ status: "open", assigneeType: "all", page });
      if (!list.ok) {
        complete = false;
        break;
      }
      for (const c of list.value.conversations) {
        const assignee = c.meta?.assignee?.id;
        if (assignee !== undefined && assignee !== null)
          open.set(String(assignee), [...(open.get(String(assignee)) ?? []), String(c.id)]);
      }
      if (list.value.conversations.length < 25) break;
      if (page === 20) complete = false;
    }
    for (const a of res.value) {
      // With auto_offline on (Chatwoot's default), "offline" may only mean the dashboard is closed — an absence,
      // not a choice (platforms/chatwoot.md §4.1): it is not read as the agent's intent.
      const absent = a.auto_offline !== false && a.availability_status === "offline";
      out.set(String(a.id), {
        ...(absent
          ? {}
          : {
              observation: {
                platform: "chatwoot" as const,
                state: { availability: a.availability_status },
                at,
                source: "poll" as const,
              },
            }),
        ...(complete
          ? {
              engagements: {
                activeChats: [{ platform: "chatwoot" as const, ids: open.get(String(a.id)) ?? [] }],
                readAt: at,
              },
            }
          : {}),
      });
    }
    return out;
  },
};
