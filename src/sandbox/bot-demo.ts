import { setTimeout as sleep } from "node:timers/promises";
import { DEMO_LIVECHAT_BOT_GROUP, DEMO_LIVECHAT_BOT_NAME, livechatCall } from "./bot-wiring-livechat.ts";

/** Customers of the demo help center writing to the bot's Chatwoot inbox: some answered, some handed off. */
export const BOT_CUSTOMERS: Array<{ name: string; text: string; followUp?: string }> = [
  { name: "Maya Jensen", text: "How do I reset my password?" },
  { name: "Omar Haddad", text: "Which payment methods do you accept?" },
  { name: "Lena Fischer", text: "How long is the free trial?" },
  { name: "Tom Brandt", text: "Do you integrate with Salesforce?", followUp: "Hello? Anyone there?" },
  { name: "Aiko Tanaka", text: "Where is data stored?" },
  { name: "Rui Costa", text: "Can I talk to a human about my invoice please?" },
  { name: "Sara Lind", text: "How do I cancel my subscription?" },
  { name: "Jonas Weber", text: "Is there a Linux desktop app?" },
];

/** Customers writing to the LiveChat bot agent: answered, asking for a person, and one it cannot answer. */
export const LIVECHAT_BOT_CUSTOMERS: Array<{ name: string; text: string; followUp?: string }> = [
  { name: "Nina Petrova", text: "How do I reset my password?" },
  { name: "Ahmed Saleh", text: "Do you offer phone support in Arabic?", followUp: "Still there?" },
  { name: "Clara Müller", text: "How do I cancel my subscription?" },
  { name: "Pedro Alves", text: "I want to speak to a person" },
];

const post = async (url: string, body: unknown) => {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return (await res.json()) as Record<string, unknown>;
};

/**
 * Plays the bot's part of a scripted day: each customer starts a conversation in the Chatwoot sandbox's bot inbox
 * (spaced out by `gapMs`), and a handed-off customer writes again later (the bot stays silent).
 */
export async function playBotCustomers(options: {
  chatwootUrl: string;
  inboxId: number;
  gapMs: number;
  print: (line: string) => void;
  signal?: AbortSignal;
}): Promise<void> {
  const later: Array<{ id: number; text: string; name: string }> = [];
  for (const c of BOT_CUSTOMERS) {
    if (options.signal?.aborted) return;
    const started = await post(`${options.chatwootUrl}/_sim/conversations`, {
      inboxId: options.inboxId,
      contact: { name: c.name },
      text: c.text,
    });
    options.print(`  bot inbox: ${c.name} asks “${c.text}”`);
    if (c.followUp) later.push({ id: Number(started.conversationId), text: c.followUp, name: c.name });
    await sleep(options.gapMs, undefined, options.signal ? { signal: options.signal } : {}).catch(() => undefined);
  }
  for (const f of later) {
    if (options.signal?.aborted) return;
    await post(`${options.chatwootUrl}/_sim/conversations/${f.id}/messages`, { from: "contact", text: f.text });
    options.print(`  bot inbox: ${f.name} writes again “${f.text}” (a human owns it: the bot stays silent)`);
  }
}

/**
 * The same on LiveChat: each customer's chat goes to the sandbox's bot agent with the question as its first
 * message (`incoming_chat`); a handed-off customer writes again later (the chat is a person's: the bot is silent).
 */
export async function playLivechatBotCustomers(options: {
  livechatUrl: string;
  gapMs: number;
  print: (line: string) => void;
  signal?: AbortSignal;
}): Promise<Array<{ name: string; chatId: string }>> {
  const chats: Array<{ name: string; chatId: string }> = [];
  const bots = (await livechatCall(options.livechatUrl, "configuration", "list_bots", {})) as Array<{
    id: string;
    name?: string;
  }>;
  const bot = bots.find((b) => b.name === DEMO_LIVECHAT_BOT_NAME);
  if (!bot) {
    options.print("  LiveChat bot: not wired (no sandbox bot agent)");
    return chats;
  }
  const later: Array<{ chatId: string; text: string; name: string }> = [];
  for (const c of LIVECHAT_BOT_CUSTOMERS) {
    if (options.signal?.aborted) return chats;
    const started = await post(`${options.livechatUrl}/_sim/chats`, {
      agentId: bot.id,
      customer: { name: c.name },
      groupId: DEMO_LIVECHAT_BOT_GROUP,
      message: c.text,
    });
    options.print(`  LiveChat bot: ${c.name} asks “${c.text}”`);
    chats.push({ name: c.name, chatId: String(started.chatId) });
    if (c.followUp) later.push({ chatId: String(started.chatId), text: c.followUp, name: c.name });
    await sleep(options.gapMs, undefined, options.signal ? { signal: options.signal } : {}).catch(() => undefined);
  }
  for (const f of later) {
    if (options.signal?.aborted) return chats;
    await post(`${options.livechatUrl}/_sim/chats/${f.chatId}/messages`, { authorId: "customer", text: f.text });
    options.print(`  LiveChat bot: ${f.name} writes again “${f.text}” (transferred to a person: the bot stays silent)`);
  }
  return chats;
}

/** One line for the demo's log: Intercom-style resolution rate and handoffs, from the hub. */
export async function botReport(hubUrl: string, key: string): Promise<string> {
  const res = await fetch(`${hubUrl}/api/bot/usage`, { headers: { authorization: `Bearer ${key}` } });
  if (!res.ok) return `  bot: no figures (HTTP ${res.status})`;
  const u = (await res.json()) as {
    spentTodayUsd: number;
    conversations: { total: number; resolved: number; handedOff: number; resolutionRate: number };
  };
  const c = u.conversations;
  return `  bot: ${c.total} conversations, ${c.resolved} resolved by the bot (resolution rate ${(c.resolutionRate * 100).toFixed(0)} %: last message the bot's, no request for a person), ${c.handedOff} handed off; model cost today $${u.spentTodayUsd.toFixed(5)}`;
}
