import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { playLivechatBotCustomers } from "../../src/sandbox/bot-demo.ts";
import { wireSandboxBot } from "../../src/sandbox/bot-wiring.ts";
import { livechatCall } from "../../src/sandbox/bot-wiring-livechat.ts";
import { eventually } from "../helpers/chat.ts";
import { startTestHub, type TestHub } from "../helpers/hub.ts";

let hub: TestHub;
let lc: string;

type Chat = {
  users: Array<{ id: string; present: boolean }>;
  thread: { events: Array<{ type: string; text?: string; custom_id?: string }>; access?: { group_ids?: number[] } };
};
const chat = async (chatId: string) => (await livechatCall(lc, "agent", "get_chat", { chat_id: chatId })) as Chat;
const botEvents = (c: Chat) => c.thread.events.filter((e) => e.custom_id?.startsWith("switchboard_bot:"));

beforeAll(async () => {
  hub = await startTestHub({ worker: true, sandboxes: true });
  const sandboxes = hub.sandboxes;
  if (!sandboxes) throw new Error("no sandboxes");
  lc = sandboxes.livechat.url;
  // What `npm start` does in sandbox mode: the demo knowledge base, the Chatwoot and the LiveChat bot.
  await wireSandboxBot(hub.deps, hub.workspaceId, sandboxes, hub.url);
}, 120_000);
afterAll(async () => {
  await hub?.stop();
}, 120_000);

describe("sandbox mode: the scripted day's LiveChat bot customers", () => {
  it("are answered or handed off to the people's group, and the bot stays silent after a handoff", async () => {
    const inbox = await hub.api("GET", "/api/bot/inboxes/livechat-bot");
    expect(inbox.body).toMatchObject({ settings: { channel: "livechat", enabled: true } });
    const lines: string[] = [];
    const chats = await playLivechatBotCustomers({ livechatUrl: lc, gapMs: 200, print: (l) => lines.push(l) });
    expect(chats).toHaveLength(4);
    const idOf = (name: string) => chats.find((c) => c.name === name)?.chatId ?? "";

    const answered = await eventually(async () => {
      const c = await chat(idOf("Nina Petrova"));
      return botEvents(c).length > 0 ? c : undefined;
    }, 30_000);
    expect(botEvents(answered)[0]?.text?.toLowerCase()).toContain("password");

    const handedOff = await eventually(async () => {
      const c = await chat(idOf("Pedro Alves"));
      return c.thread.access?.group_ids?.includes(1) ? c : undefined;
    }, 30_000);
    expect(botEvents(handedOff).length).toBe(1);

    const followedUp = await eventually(async () => {
      const c = await chat(idOf("Ahmed Saleh"));
      return c.thread.events.some((e) => e.text === "Still there?") ? c : undefined;
    }, 30_000);
    await new Promise((r) => setTimeout(r, 1000));
    expect(botEvents(await chat(idOf("Ahmed Saleh")))).toHaveLength(botEvents(followedUp).length);
    expect(botEvents(followedUp)).toHaveLength(1);
    expect(lines.some((l) => l.includes("writes again"))).toBe(true);
  }, 90_000);
});
