import type { TestHub } from "./hub.ts";

/** An event of a LiveChat sandbox chat as get_chat returns it. */
export type LcEvent = { id: string; type: string; author_id?: string; text?: string; custom_id?: string };
type Creds = { basicAuthorization: string; clientId: string; organizationId: string };

export const LC_BOT_WEBHOOK_SECRET = "lc-bot-webhook-secret";

/**
 * Wires a LiveChat bot agent to a hub inbox as a support lead would (platforms/livechat.md §1.4): `create_bot`,
 * the hub inbox with the bot's id, secret, Client ID and organization, `register_webhook` with `type: "bot"` for
 * the actions the bot needs, then the bot's routing status set to accepting chats.
 */
export async function wireLivechatBot(hub: TestHub, inboxId: string, settings: Record<string, unknown> = {}) {
  const lc = hub.sandboxes?.livechat.url;
  if (!lc) throw new Error("the hub was started without sandboxes");
  const creds = (await (await fetch(`${lc}/_sim/credentials`)).json()) as Creds;
  const call = async (api: "agent" | "configuration", action: string, body: unknown) => {
    const res = await fetch(`${lc}/v3.6/${api}/action/${action}`, {
      method: "POST",
      headers: { authorization: creds.basicAuthorization, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (res.status !== 200) throw new Error(`${action}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const bot = (await call("configuration", "create_bot", {
    name: "Switchboard bot",
    owner_client_id: creds.clientId,
    groups: [{ id: 1, priority: "first" }],
  })) as { id: string; secret: string };
  const connections = (await hub.api("GET", "/api/connections")).body as {
    items: Array<{ id: string; platform: string }>;
  };
  const connectionId = connections.items.find((c) => c.platform === "livechat")?.id;
  const created = await hub.api("POST", "/api/bot/inboxes", {
    id: inboxId,
    enabled: true,
    channel: "livechat",
    connectionId,
    externalInboxId: "1",
    threshold: 0.5,
    handoffTeamId: "2",
    credentials: {
      botId: bot.id,
      botSecret: bot.secret,
      clientId: creds.clientId,
      organizationId: creds.organizationId,
      webhookSecret: LC_BOT_WEBHOOK_SECRET,
    },
    ...settings,
  });
  if (created.status !== 201) throw new Error(`POST inbox: ${JSON.stringify(created.body)}`);
  const webhookUrl = (created.body as { webhookUrl: string }).webhookUrl;
  for (const action of ["incoming_chat", "incoming_event", "chat_transferred", "chat_deactivated"])
    await call("configuration", "register_webhook", {
      url: webhookUrl,
      action,
      secret_key: LC_BOT_WEBHOOK_SECRET,
      owner_client_id: creds.clientId,
      type: "bot",
      additional_data: ["chat_presence_user_ids"],
    });
  await call("agent", "set_routing_status", { status: "accepting_chats", agent_id: bot.id });

  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${lc}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return (await res.json()) as Record<string, unknown>;
  };
  return {
    botId: bot.id,
    webhookUrl,
    /** A visitor's chat routed to the bot; the question arrives as the customer's first event. */
    start: async (text: string, name = "Casey") => {
      const chat = await post("/_sim/chats", { agentId: bot.id, customer: { name }, groupId: 1 });
      const chatId = String(chat.chatId);
      await post(`/_sim/chats/${chatId}/messages`, { authorId: "customer", text });
      return chatId;
    },
    /** A visitor's chat routed to the bot with the question already in it (pre-chat message): `incoming_chat`. */
    startWithMessage: async (text: string, name = "Robin") =>
      String((await post("/_sim/chats", { agentId: bot.id, customer: { name }, groupId: 1, message: text })).chatId),
    customerWrites: (chatId: string, text: string) =>
      post(`/_sim/chats/${chatId}/messages`, { authorId: "customer", text }),
    agentWrites: (chatId: string, text: string, agentId: string) =>
      post(`/_sim/chats/${chatId}/messages`, { authorId: agentId, text }),
    chat: async (chatId: string) => {
      const chat = (await call("agent", "get_chat", { chat_id: chatId })) as {
        users: Array<{ id: string; present: boolean; type: string }>;
        thread: { events: LcEvent[]; access?: { group_ids?: number[] } };
      };
      return {
        present: chat.users.filter((u) => u.present).map((u) => u.id),
        groupIds: chat.thread.access?.group_ids ?? [],
        events: chat.thread.events,
      };
    },
  };
}
