import { eq } from "drizzle-orm";
import { issueCommands, type NewCommand } from "../commands/repo.ts";
import type { DbOrTx } from "../db/database.ts";
import { botConversations, botInbound } from "../db/schema/index.ts";
import type { Deps } from "../deps.ts";
import { newId } from "../lib/ids.ts";
import { answerQuestion, type BotAnswer } from "./answer.ts";
import { recordDecision } from "./audit.ts";
import { inboundFor } from "./channels/registry.ts";
import type { ChannelEvent } from "./channels/types.ts";
import { WIDGET_CONNECTION_ID } from "./channels/widget-send.ts";
import { botContext } from "./context.ts";
import { applyOwnership, type BotConversationRow, lockConversation, remember } from "./conversations.ts";
import { asksForHuman } from "./decide.ts";
import { type BotInbox, loadInbox } from "./inboxes.ts";
import { considerMessage, recentReplies, replyRateExceeded } from "./loop-rules.ts";
import { withinBusinessHours } from "./settings.ts";

type MessageEvent = Extract<ChannelEvent, { kind: "message" }>;

/** The job behind every bot webhook: normalise, apply ownership and loop rules, answer or hand off. */
export async function handleBotInbound(deps: Deps, inboundId: string): Promise<void> {
  const db = deps.database.db;
  const [row] = await db.select().from(botInbound).where(eq(botInbound.id, inboundId));
  if (!row) return;
  const inbox = await loadInbox(db, deps.secretKey, row.workspaceId, row.inboxId);
  const channel = inbox ? inboundFor(inbox.settings.channel) : null;
  if (!inbox || !channel) return;
  const event = channel.parse(row.body);
  if (event.kind === "ignored") return;
  if (event.kind === "status") {
    await db.transaction(async (tx) => {
      const conv = await lockConversation(tx, {
        workspaceId: row.workspaceId,
        inboxId: inbox.id,
        externalId: event.conversationId,
      });
      const owner = await applyOwnership(tx, conv, {
        type: event.owner === "human" ? "human_assigned" : event.owner === "closed" ? "close" : "customer_message",
      });
      if (owner !== conv.owner)
        await recordDecision(tx, {
          workspaceId: row.workspaceId,
          inboxId: inbox.id,
          conversationId: event.conversationId,
          decision: "ownership",
          reason: `${conv.owner} → ${owner} (${event.detail})`,
        });
    });
    return;
  }
  await handleMessage(deps, row.workspaceId, inbox, event);
}

async function handleMessage(deps: Deps, workspaceId: string, inbox: BotInbox, event: MessageEvent): Promise<void> {
  const db = deps.database.db;
  const key = { workspaceId, inboxId: inbox.id, externalId: event.conversationId, contactKey: event.contactKey };
  const audit = (tx: DbOrTx, decision: "ignored" | "ownership", reason: string) =>
    recordDecision(tx, {
      workspaceId,
      inboxId: inbox.id,
      conversationId: event.conversationId,
      decision,
      question: event.message.text,
      reason,
    });

  // 1. Ownership and loop rules, under the conversation's row lock.
  const start = await db.transaction(async (tx) => {
    const conv = await lockConversation(tx, key);
    // The platform says a person has it (LiveChat: the bot is not among the chat's users): a human owns it.
    if (event.platformOwner === "human" && conv.owner === "bot") {
      conv.owner = await applyOwnership(tx, conv, { type: "human_assigned" });
      await audit(tx, "ownership", `bot → ${conv.owner}: the bot is not in the chat`);
    }
    const verdict = considerMessage(event.message, conv.owner);
    if (!verdict.consider) {
      if (verdict.humanTookOver) {
        const owner = await applyOwnership(tx, conv, { type: "human_message" });
        await tx.update(botConversations).set({ lastAuthor: "human" }).where(eq(botConversations.id, conv.id));
        if (owner !== conv.owner) await audit(tx, "ownership", `${conv.owner} → ${owner}: ${verdict.reason}`);
      } else if (event.message.direction === "incoming" && event.message.author === "customer") {
        await tx.update(botConversations).set({ lastAuthor: "customer" }).where(eq(botConversations.id, conv.id));
        await audit(tx, "ignored", verdict.reason);
      } else if (!event.message.botMarker) await audit(tx, "ignored", verdict.reason);
      return null;
    }
    const owner = await applyOwnership(tx, conv, { type: "customer_message" });
    await tx
      .update(botConversations)
      .set({
        lastAuthor: "customer",
        askedForHuman: conv.askedForHuman || asksForHuman(event.message.text),
        contactKey: conv.contactKey ?? event.contactKey,
      })
      .where(eq(botConversations.id, conv.id));
    if (!inbox.settings.enabled) {
      await audit(tx, "ignored", "the bot is turned off for this inbox");
      return null;
    }
    return { ...conv, owner };
  });
  if (!start) return;

  // 2. The answer, outside any lock (a model may take seconds).
  const limited = replyRateExceeded(start.replyTimes, deps.now(), inbox.settings.maxRepliesPerMinute);
  const answer: BotAnswer = limited
    ? {
        action: "handoff",
        chunks: [],
        reason: `more than ${inbox.settings.maxRepliesPerMinute} bot replies in a minute`,
        confidence: 0,
        provider: null,
        fallback: null,
        usage: { inputTokens: 0, outputTokens: 0 },
        costMicros: 0,
        latencyMs: 0,
        retrieval: "bm25",
        retrievalFallback: null,
      }
    : await answerQuestion(botContext(deps), workspaceId, event.message.text, inbox.settings, {
        owner: start.owner,
        botTurns: start.botTurns,
      });

  // 3. Checked again before anything is issued: a human may have taken over while the answer was written.
  await db.transaction(async (tx) => {
    const conv = await lockConversation(tx, key);
    const chunks = answer.chunks.map((c) => ({ chunkId: c.chunkId, documentId: c.documentId, score: c.score }));
    const record = {
      workspaceId,
      inboxId: inbox.id,
      conversationId: event.conversationId,
      question: event.message.text,
      chunks,
      provider: answer.provider,
      latencyMs: answer.latencyMs,
      tokensIn: answer.usage.inputTokens,
      tokensOut: answer.usage.outputTokens,
      costMicros: answer.costMicros,
    };
    if (conv.owner !== "bot") {
      await recordDecision(tx, {
        ...record,
        decision: "dropped",
        answer: answer.answer ?? null,
        reason: `a human took over while the bot was answering (${answer.action} not sent)`,
      });
      return;
    }
    if (answer.fallback)
      await recordDecision(tx, {
        ...record,
        decision: "fallback",
        reason: `${inbox.settings.provider} not used: ${answer.fallback}`,
      });
    const commands: NewCommand[] = [];
    const reply = (text: string, purpose: "answer" | "greeting" | "handoff", marker: string) =>
      commands.push(command(workspaceId, inbox, conv, event, { kind: "bot.reply", text, purpose, marker }));
    if (conv.botTurns === 0 && inbox.settings.greeting.trim()) reply(inbox.settings.greeting, "greeting", newId("bau"));
    if (answer.action === "answer" && answer.answer) {
      const auditId = await recordDecision(tx, {
        ...record,
        decision: "answer",
        answer: answer.answer,
        reason: answer.reason,
      });
      reply(answer.answer, "answer", auditId);
      const now = deps.now();
      await tx
        .update(botConversations)
        .set({
          botTurns: conv.botTurns + 1,
          replyTimes: [...recentReplies(conv.replyTimes, now), now],
          lastAuthor: "bot",
          updatedAt: new Date(),
        })
        .where(eq(botConversations.id, conv.id));
      const topic = answer.chunks[0]?.heading;
      if (conv.contactKey && topic)
        await remember(
          tx,
          workspaceId,
          conv.contactKey,
          `Asked about “${topic}” (${new Date(now).toISOString().slice(0, 10)})`,
        );
    } else {
      const open = withinBusinessHours(inbox.settings.businessHours, new Date(deps.now()));
      const text = open ? inbox.settings.handoffMessage : inbox.settings.offHoursMessage;
      const auditId = await recordDecision(tx, { ...record, decision: "handoff", answer: text, reason: answer.reason });
      reply(text, "handoff", auditId);
      commands.push(
        command(workspaceId, inbox, conv, event, { kind: "bot.handoff", teamId: inbox.settings.handoffTeamId }),
      );
      await applyOwnership(tx, conv, { type: "handoff" });
      await tx.update(botConversations).set({ lastAuthor: "bot" }).where(eq(botConversations.id, conv.id));
    }
    await issueCommands(tx, commands);
  });
}

function command(
  workspaceId: string,
  inbox: BotInbox,
  conv: BotConversationRow,
  event: MessageEvent,
  body:
    | { kind: "bot.reply"; text: string; purpose: "answer" | "greeting" | "handoff"; marker: string }
    | { kind: "bot.handoff"; teamId: string | null },
): NewCommand {
  const base = { inboxId: inbox.id, botConversationId: conv.id, conversationId: event.conversationId };
  return {
    workspaceId,
    connectionId: inbox.settings.channel === "widget" ? WIDGET_CONNECTION_ID : (inbox.settings.connectionId ?? ""),
    platform: inbox.settings.channel,
    payload: body.kind === "bot.reply" ? { ...base, ...body } : { ...base, ...body },
    idempotencyKey: `bot:${inbox.id}:${event.messageId}:${body.kind === "bot.reply" ? `reply-${body.purpose}` : "handoff"}`,
    cause: event.messageId,
  };
}
