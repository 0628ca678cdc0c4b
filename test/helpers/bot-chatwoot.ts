import type { TestHub } from "./hub.ts";

/** A Chatwoot sandbox conversation's messages as an admin sees them. */
export type CwMessage = {
  id: number;
  content: string | null;
  message_type: number;
  private: boolean;
  content_attributes: Record<string, unknown>;
  sender: { type?: string; id?: number } | null;
};

type Creds = {
  accountId: number;
  admin: { accessToken: string };
  agentBot: { id: number; accessToken: string; secret: string };
};

/**
 * Wires the Chatwoot sandbox's agent bot to a hub inbox as a support lead would: the bot's outgoing_url set to the
 * hub's bot webhook, the bot attached to the website inbox, and the hub's inbox configured with the bot's token
 * and secret.
 */
export async function wireChatwootBot(hub: TestHub, inboxId: string, settings: Record<string, unknown> = {}) {
  const cw = hub.sandboxes?.chatwoot.url;
  if (!cw) throw new Error("the hub was started without sandboxes");
  const creds = (await (await fetch(`${cw}/_sim/credentials`)).json()) as Creds;
  const connections = (await hub.api("GET", "/api/connections")).body as {
    items: Array<{ id: string; platform: string }>;
  };
  const connectionId = connections.items.find((c) => c.platform === "chatwoot")?.id;
  const put = await hub.api("POST", "/api/bot/inboxes", {
    id: inboxId,
    enabled: true,
    channel: "chatwoot",
    connectionId,
    externalInboxId: "2",
    threshold: 0.5,
    credentials: { botAccessToken: creds.agentBot.accessToken, botSecret: creds.agentBot.secret },
    ...settings,
  });
  if (put.status !== 201) throw new Error(`PUT inbox: ${JSON.stringify(put.body)}`);
  const webhookUrl = (put.body as { webhookUrl: string }).webhookUrl;
  const admin = { api_access_token: creds.admin.accessToken, "content-type": "application/json" };
  const account = `${cw}/api/v1/accounts/${creds.accountId}`;
  await fetch(`${account}/agent_bots/${creds.agentBot.id}`, {
    method: "PATCH",
    headers: admin,
    body: JSON.stringify({ outgoing_url: webhookUrl }),
  });
  await fetch(`${account}/inboxes/2/set_agent_bot`, {
    method: "POST",
    headers: admin,
    body: JSON.stringify({ agent_bot: creds.agentBot.id }),
  });

  const json = async (res: Response) => (await res.json()) as Record<string, unknown>;
  return {
    webhookUrl,
    start: async (text: string, name = "Casey") =>
      Number(
        (
          await json(
            await fetch(`${cw}/_sim/conversations`, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ inboxId: 2, contact: { name }, text }),
            }),
          )
        ).conversationId,
      ),
    customerWrites: (id: number, text: string) =>
      fetch(`${cw}/_sim/conversations/${id}/messages`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ from: "contact", text }),
      }),
    agentWrites: (id: number, text: string, agentId: number) =>
      fetch(`${cw}/_sim/conversations/${id}/messages`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ from: "agent", text, agentId }),
      }),
    messages: async (id: number) =>
      ((await json(await fetch(`${account}/conversations/${id}/messages`, { headers: admin })))
        .payload as CwMessage[]) ?? [],
    conversation: async (id: number) => json(await fetch(`${account}/conversations/${id}`, { headers: admin })),
  };
}

export async function eventually<T>(
  read: () => Promise<T>,
  ok: (v: T) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(last).slice(0, 800)}`);
    await new Promise((r) => setTimeout(r, 150));
    last = await read();
  }
  return last;
}

export const fromBot = (m: CwMessage) => m.sender?.type === "agent_bot";
