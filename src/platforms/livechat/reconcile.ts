import type { Reading, ReconcileReads } from "../connection-types.ts";
import type { LivechatClients } from "./config.ts";

/** Every agent's routing status and the active chats, keyed by the agent's (lower-cased) email. */
export const livechatReconcile: ReconcileReads<LivechatClients> = {
  everyTick: false,
  async read({ client: lc }, { at }) {
    const out = new Map<string, Reading>();
    const statuses = await lc.listRoutingStatuses();
    if (!statuses.ok) throw new Error(statuses.error.message);
    const chats = await lc.listChats({ active: true });
    const active = new Map<string, string[]>();
    if (chats.ok)
      for (const c of chats.value.chats)
        for (const a of c.agentIds) active.set(a.toLowerCase(), [...(active.get(a.toLowerCase()) ?? []), c.chatId]);
    for (const s of statuses.value) {
      const key = s.agentId.toLowerCase();
      out.set(key, {
        observation: { platform: "livechat", state: { routingStatus: s.status }, at, source: "poll" },
        // Only a complete first page is trusted as "all active chats"; more pages would need paging here.
        ...(chats.ok && !chats.value.nextPageId
          ? { engagements: { activeChats: [{ platform: "livechat", ids: active.get(key) ?? [] }], readAt: at } }
          : {}),
      });
    }
    return out;
  },
};
