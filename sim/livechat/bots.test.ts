import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_LIVECHAT_CREDENTIALS } from "./constants.ts";
import type { Harness, Receiver } from "./test-support.ts";
import { startReceiver, startSim } from "./test-support.ts";

const { clientId, organizationId } = DEFAULT_LIVECHAT_CREDENTIALS;

let h: Harness;
let rx: Receiver;
beforeEach(async () => {
  h = await startSim();
  rx = await startReceiver();
});
afterEach(async () => {
  await h.sim.close();
  await rx.close();
});

async function newBot() {
  const created = await h.call("configuration", "create_bot", {
    name: "Helper",
    owner_client_id: clientId,
    groups: [{ id: 1 }],
  });
  expect(created.status).toBe(200);
  const bot = created.body as { id: string; secret: string };
  const issued = await h.call(
    "configuration",
    "issue_bot_token",
    { bot_id: bot.id, client_id: clientId, bot_secret: bot.secret, organization_id: organizationId },
    { authorization: null },
  );
  expect(issued.status).toBe(200);
  return { ...bot, bearer: `Bearer ${(issued.body as { token: string }).token}` };
}

describe("bot agents", () => {
  it("create_bot returns a 32-hex id and a secret; bots are not listed as agents", async () => {
    const bot = await newBot();
    expect(bot.id).toMatch(/^[0-9a-f]{32}$/);
    expect(bot.secret).toMatch(/^[0-9a-f]{32}$/);
    const agents = (await h.call("configuration", "list_agents")).body as Array<{ id: string }>;
    expect(agents.map((a) => a.id)).not.toContain(bot.id);
    const bots = (await h.call("configuration", "list_bots")).body as Array<{ id: string; owner_client_id: string }>;
    expect(bots).toEqual([expect.objectContaining({ id: bot.id, owner_client_id: clientId })]);
  });

  it("issue_bot_token refuses a wrong secret; create_bot with a PAT needs owner_client_id", async () => {
    const bot = await newBot();
    const wrong = await h.call(
      "configuration",
      "issue_bot_token",
      { bot_id: bot.id, client_id: clientId, bot_secret: "0".repeat(32), organization_id: organizationId },
      { authorization: null },
    );
    expect(wrong.status).toBe(401);
    const noOwner = await h.call("configuration", "create_bot", { name: "x" });
    expect((noOwner.body as { error: { type: string } }).error.type).toBe("validation");
  });

  it("a bot sends events as itself with its token and transfers the chat to a group, leaving it", async () => {
    const bot = await newBot();
    await h.call("agent", "set_routing_status", { status: "accepting_chats", agent_id: bot.id });
    const started = (await h.control("POST", "/_sim/chats", { agentId: bot.id, groupId: 1 })).body as {
      chatId: string;
    };
    const sent = await h.call(
      "agent",
      "send_event",
      { chat_id: started.chatId, event: { type: "message", text: "Hello from the bot", custom_id: "m1" } },
      { authorization: bot.bearer },
    );
    expect(sent.status).toBe(200);
    const moved = await h.call(
      "agent",
      "transfer_chat",
      { id: started.chatId, target: { type: "group", ids: [2] } },
      { authorization: bot.bearer },
    );
    expect(moved.status).toBe(200);
    const chat = (await h.call("agent", "get_chat", { chat_id: started.chatId })).body as {
      users: Array<{ id: string; present: boolean }>;
      thread: { events: Array<{ author_id?: string; custom_id?: string }>; access: { group_ids: number[] } };
    };
    expect(chat.thread.events.find((e) => e.author_id === bot.id)?.custom_id).toBe("m1");
    expect(chat.thread.access.group_ids).toEqual([2]);
    const present = chat.users.filter((u) => u.present).map((u) => u.id);
    expect(present).not.toContain(bot.id);
    expect(present.some((id) => id.includes("@"))).toBe(true);
    // The bot is no longer in the chat: it can't write there.
    const after = await h.call(
      "agent",
      "send_event",
      { chat_id: started.chatId, event: { type: "message", text: "again" } },
      { authorization: bot.bearer },
    );
    expect(after.status).toBe(403);
  });

  it("bot webhooks fire only while a bot of the Client ID is not offline; my_bots filters by presence", async () => {
    const bot = await newBot();
    await h.call("configuration", "register_webhook", {
      url: rx.url,
      action: "incoming_event",
      secret_key: "s",
      owner_client_id: clientId,
      type: "bot",
      filters: { chat_presence: { my_bots: true } },
    });
    const withBot = (await h.control("POST", "/_sim/chats", { agentId: bot.id, force: true })).body as {
      chatId: string;
    };
    await h.control("POST", `/_sim/chats/${withBot.chatId}/messages`, { authorId: "customer", text: "while offline" });
    await h.call("agent", "set_routing_status", { status: "accepting_chats", agent_id: bot.id });
    const withoutBot = (await h.control("POST", "/_sim/chats", { agentId: "ada@switchboard.demo" })).body as {
      chatId: string;
    };
    await h.control("POST", `/_sim/chats/${withoutBot.chatId}/messages`, { authorId: "customer", text: "no bot" });
    await h.control("POST", `/_sim/chats/${withBot.chatId}/messages`, { authorId: "customer", text: "online" });
    const [first] = await rx.waitFor(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(rx.received).toHaveLength(1);
    expect((first?.body.payload as { event: { text: string } } | undefined)?.event.text).toBe("online");
  });
});
