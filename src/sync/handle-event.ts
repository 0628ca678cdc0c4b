import { and, eq } from "drizzle-orm";
import type { Tx } from "../db/database.ts";
import { conversations } from "../db/schema/index.ts";
import { applyEvent } from "../domain/availability/index.ts";
import type { DomainEvent } from "../domain/events.ts";
import type { EventHandler } from "../jobs/process-webhook.ts";
import { agentsByIdentity, runEngineStep } from "./agent-engine.ts";

/** Feeds every normalised event to the availability engine of each agent it concerns. */
export const availabilityHandler: EventHandler = async (tx, ctx, event) => {
  const agentIds = await agentsConcerned(tx, ctx.workspaceId, ctx.connectionId, event);
  for (const agentId of agentIds) {
    await runEngineStep(
      tx,
      { workspaceId: ctx.workspaceId, agentId, cause: ctx.eventId, nowMs: ctx.nowMs },
      (state, actuals, c) => applyEvent(state, actuals, event, c),
    );
  }
};

async function agentsConcerned(
  tx: Tx,
  workspaceId: string,
  connectionId: string,
  event: DomainEvent,
): Promise<string[]> {
  switch (event.type) {
    case "call.updated":
    case "presence.changed":
      return event.extensionId ? agentsByIdentity(tx, workspaceId, connectionId, [event.extensionId]) : [];
    case "agent.routing_status_changed":
    case "agent.availability_changed":
      return agentsByIdentity(tx, workspaceId, connectionId, [event.agentId]);
    case "chat.started":
      return agentsByIdentity(tx, workspaceId, connectionId, event.agentIds);
    case "chat.assigned": {
      const now = await agentsByIdentity(tx, workspaceId, connectionId, event.agentIds);
      return [...new Set([...now, ...(await chatAgents(tx, connectionId, event.chatId))])];
    }
    case "chat.ended":
    case "conversation.status_changed":
      return chatAgents(tx, connectionId, event.chatId);
    case "chat.message":
    case "customer.updated":
      return [];
  }
}

/** Agents that held this chat (from its conversation record). */
async function chatAgents(tx: Tx, connectionId: string, chatId: string): Promise<string[]> {
  const rows = await tx
    .select({ agentId: conversations.agentId, details: conversations.details })
    .from(conversations)
    .where(
      and(
        eq(conversations.connectionId, connectionId),
        eq(conversations.channel, "chat"),
        eq(conversations.externalId, chatId),
      ),
    );
  const ids = new Set<string>();
  for (const r of rows) {
    if (r.agentId) ids.add(r.agentId);
    for (const previous of (r.details.previousAgentIds as string[] | undefined) ?? []) ids.add(previous);
  }
  return [...ids];
}
