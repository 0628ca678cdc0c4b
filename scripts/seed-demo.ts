import { z } from "zod";

/**
 * Puts a running sandbox hub into a lively, repeatable state for screenshots: chats on LiveChat and Chatwoot, a
 * call on RingCentral, an agent who set themselves away, and one command that fails for good (a dead letter).
 * Everything goes through the sandboxes' /_sim control APIs, as people on the platforms would act.
 */
export type SandboxUrls = { livechat?: string; ringcentral?: string; chatwoot?: string };

const connectionList = z.object({
  items: z.array(z.object({ platform: z.string(), settings: z.record(z.string(), z.unknown()) })),
});

/** The sandbox addresses, read from the hub's own sandbox connections. */
export async function sandboxUrls(hubUrl: string, key: string): Promise<SandboxUrls> {
  const res = await fetch(`${hubUrl}/api/connections`, { headers: { authorization: `Bearer ${key}` } });
  if (!res.ok) throw new Error(`GET /api/connections answered ${res.status}`);
  const urls: SandboxUrls = {};
  for (const c of connectionList.parse(await res.json()).items) {
    if (c.settings.sandbox !== true) continue;
    const url = c.settings.baseUrl ?? c.settings.serverUrl;
    if (
      typeof url === "string" &&
      (c.platform === "livechat" || c.platform === "ringcentral" || c.platform === "chatwoot")
    )
      urls[c.platform] = url;
  }
  return urls;
}

async function call(method: string, url: string, body?: unknown): Promise<unknown> {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url} answered ${res.status}: ${text.slice(0, 200)}`);
  return text ? JSON.parse(text) : null;
}

const sessions = z.array(z.object({ telephonySessionId: z.string(), endedAt: z.string().nullable() }));
const lcChats = z.array(
  z.looseObject({ id: z.string().optional(), chatId: z.string().optional(), active: z.boolean().optional() }),
);

/** Ends what an earlier run left going, so repeated runs give the same picture. */
async function tidy(urls: SandboxUrls): Promise<void> {
  if (urls.ringcentral) {
    for (const s of sessions.parse(await call("GET", `${urls.ringcentral}/_sim/calls`))) {
      if (s.endedAt === null)
        await call("POST", `${urls.ringcentral}/_sim/calls/${s.telephonySessionId}/end`).catch(() => undefined);
    }
  }
  if (urls.livechat) {
    // A fault an earlier run injected but nothing consumed would hit an unrelated write.
    await call("DELETE", `${urls.livechat}/_sim/faults`);
    for (const c of lcChats.parse(await call("GET", `${urls.livechat}/_sim/chats`))) {
      const id = c.chatId ?? c.id;
      if (id && c.active !== false)
        await call("POST", `${urls.livechat}/_sim/chats/${id}/close`, {}).catch(() => undefined);
    }
    await call("POST", `${urls.livechat}/_sim/agents/linus@switchboard.demo/routing-status`, {
      status: "accepting_chats",
    }).catch(() => undefined);
  }
  if (urls.chatwoot) {
    const open = z
      .array(z.object({ conversationId: z.number(), status: z.string() }))
      .parse(await call("GET", `${urls.chatwoot}/_sim/conversations`));
    for (const c of open.filter((x) => x.status === "open")) {
      await call("POST", `${urls.chatwoot}/_sim/conversations/${c.conversationId}/resolve`, {}).catch(() => undefined);
    }
  }
}

const agentList = z.object({
  items: z.array(z.object({ id: z.string(), email: z.string().nullable(), intent: z.object({ status: z.string() }) })),
});

/** Earlier runs may have left people away; the demo starts with everyone available, set as a supervisor would. */
async function resetIntents(hub: { url: string; key: string }): Promise<void> {
  const headers = { authorization: `Bearer ${hub.key}`, "content-type": "application/json" };
  const res = await fetch(`${hub.url}/api/agents`, { headers });
  for (const agent of agentList.parse(await res.json()).items) {
    if (!agent.email?.endsWith("@switchboard.demo") || agent.intent.status === "available") continue;
    await fetch(`${hub.url}/api/agents/${agent.id}`, {
      method: "PATCH",
      headers,
      body: JSON.stringify({ intent: "available" }),
    });
  }
}

export type SeedOptions = {
  /** With the hub's address and key, every demo agent's intent is reset to available first. */
  hub?: { url: string; key: string };
  log?: (line: string) => void;
  /** Runs between steps, so a page watching the board sees the changes one by one. */
  pause?: () => Promise<void>;
};

export async function seedDemo(urls: SandboxUrls, options: SeedOptions = {}): Promise<void> {
  const log = options.log ?? (() => undefined);
  const pause = options.pause ?? (async () => undefined);
  await tidy(urls);
  if (options.hub) await resetIntents(options.hub);
  await pause();
  if (urls.livechat) {
    const lc = urls.livechat;
    const chat = z.object({ chatId: z.string() });
    const first = chat.parse(
      await call("POST", `${lc}/_sim/chats`, {
        agentId: "grace@switchboard.demo",
        force: true,
        customer: { name: "Jane Cooper", email: "jane.cooper@example.com", phone: "+14155550101" },
        message: "Hi! My order #4821 arrived damaged. Can I get a replacement?",
      }),
    );
    // People take a moment to answer; messages sent in the same millisecond as the chat are not a real pattern.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await call("POST", `${lc}/_sim/chats/${first.chatId}/messages`, {
      authorId: "grace@switchboard.demo",
      text: "Sorry to hear that, Jane. Could you send a photo of the box?",
    });
    await call("POST", `${lc}/_sim/chats/${first.chatId}/messages`, {
      authorId: "customer",
      text: "Sure, attaching it now.",
    });
    await call("POST", `${lc}/_sim/chats`, {
      agentId: "alan@switchboard.demo",
      force: true,
      customer: { name: "Wade Warren", email: "wade.warren@example.com" },
      message: "Is the Pro plan billed monthly or yearly?",
    });
    // Linus chooses to be away in LiveChat: Switchboard must carry that to every platform and never undo it.
    await call("POST", `${lc}/_sim/agents/linus@switchboard.demo/routing-status`, { status: "not_accepting_chats" });
    log("LiveChat: 2 chats, Linus away");
    await pause();
  }
  if (urls.chatwoot) {
    const agents = z
      .array(z.object({ id: z.number(), email: z.string() }))
      .parse(await call("GET", `${urls.chatwoot}/_sim/agents`));
    const katherine = agents.find((a) => a.email === "katherine@switchboard.demo");
    await call("POST", `${urls.chatwoot}/_sim/conversations`, {
      inboxId: 2,
      contact: { name: "Cameron Williamson", email: "cameron.w@example.com" },
      assigneeId: katherine?.id ?? null,
      text: "Hello, I can't log in since the update.",
    });
    log("Chatwoot: 1 conversation");
    await pause();
  }
  if (urls.ringcentral && urls.livechat) {
    // One command that cannot succeed: LiveChat refuses the next routing change with a validation error.
    await call("POST", `${urls.livechat}/_sim/faults`, {
      http: [{ path: "set_routing_status", status: 400, count: 1 }],
    });
    await call("POST", `${urls.ringcentral}/_sim/calls`, {
      extensionId: "106",
      direction: "Inbound",
      from: "+14155550104",
      to: "+16505551006",
    });
    log("RingCentral: Margaret on a call whose LiveChat update is refused (dead letter)");
    await pause();
  }
  if (urls.ringcentral) {
    await call("POST", `${urls.ringcentral}/_sim/calls`, {
      extensionId: "101",
      direction: "Inbound",
      from: "+14155550103",
      to: "+16505551001",
    });
    log("RingCentral: Ada on a call");
  }
}
