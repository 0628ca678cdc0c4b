import { and, desc, eq, sql } from "drizzle-orm";
import { issueCommands } from "../commands/repo.ts";
import type { DbOrTx, Tx } from "../db/database.ts";
import { conversations } from "../db/schema/index.ts";
import type { DomainEvent } from "../domain/events.ts";
import type { EventHandler } from "../jobs/process-webhook.ts";
import { newId } from "../lib/ids.ts";
import { toE164 } from "../lib/phone.ts";
import { agentsByIdentity } from "./agent-engine.ts";
import { scheduleCallLogSync } from "./call-log.ts";
import { notifyLive } from "./live.ts";

type CallEvent = Extract<DomainEvent, { type: "call.updated" }>;
type Ctx = Parameters<EventHandler>[1];

const TERMINAL = new Set(["Disconnected", "Gone", "VoiceMail"]);

/**
 * One record per telephony session and agent extension, advanced only by newer `sequence`s (late or repeated notifications change
 * nothing). The first notification notes the call on the caller's chat-side record; the last one closes the
 * record with duration and result, notes that too, and starts polling for the call log and recording.
 */
export async function onCallEvent(tx: Tx, ctx: Ctx, event: CallEvent): Promise<void> {
  // One record per agent-side party: the remote (PSTN) party has no extension and is described by the agent's.
  if (!event.extensionId) return;
  const [agentId] = await agentsByIdentity(tx, ctx.workspaceId, ctx.connectionId, [event.extensionId]);
  const customerPhone = toE164(event.direction === "Inbound" ? event.from : event.to);
  const terminal = TERMINAL.has(event.status);
  const externalId = `${event.telephonySessionId}/${event.extensionId}`;
  const chat = customerPhone ? await latestChatWithPhone(tx, ctx.workspaceId, customerPhone) : undefined;
  // Concurrent notifications of one call may race to create its record: the unique key lets exactly one win.
  const created = await tx
    .insert(conversations)
    .values({
      id: newId("cnv"),
      workspaceId: ctx.workspaceId,
      connectionId: ctx.connectionId,
      platform: "ringcentral",
      channel: "call",
      externalId,
      agentId: agentId ?? null,
      customerId: chat?.customerId ?? null,
      customer: {
        ...(chat?.customer ?? {}),
        ...(customerPhone ? { phone: customerPhone } : {}),
        ...(event.direction === "Inbound" && event.fromName ? { name: chat?.customer.name ?? event.fromName } : {}),
      },
      status: terminal ? "ended" : "active",
      startedAt: new Date(event.at),
      endedAt: terminal ? new Date(event.at) : null,
      details: { telephonySessionId: event.telephonySessionId, ...callDetails({}, event) },
    })
    .onConflictDoNothing({ target: [conversations.connectionId, conversations.channel, conversations.externalId] })
    .returning({ id: conversations.id });
  const first = created[0];
  if (first) {
    await notifyLive(tx, { workspaceId: ctx.workspaceId, type: "conversation.updated", id: first.id });
    if (chat)
      await noteOnChat(
        tx,
        ctx,
        chat,
        `📞 ${event.direction === "Inbound" ? "Incoming" : "Outgoing"} call ${event.direction === "Inbound" ? "from" : "to"} ${customerPhone} started (${event.status}).`,
        `call-start:${externalId}`,
      );
    if (terminal) await callEnded(tx, ctx, first.id);
    return;
  }
  const key = and(
    eq(conversations.connectionId, ctx.connectionId),
    eq(conversations.channel, "call"),
    eq(conversations.externalId, externalId),
  );
  const [existing] = await tx.select().from(conversations).where(key).for("update");
  if (!existing) return;
  const seen = Number(existing.details.sequence ?? -1);
  if (event.sequence <= seen) {
    // Notifications are processed concurrently and may land out of order; a late "Answered" still tells us the
    // call was answered (and when), which the result and duration depend on.
    if (event.status === "Answered" && !existing.details.answeredAt) {
      const details = { ...existing.details, answeredAt: event.at };
      await tx
        .update(conversations)
        .set({ details: existing.status === "ended" ? withOutcome(details) : details, updatedAt: new Date(ctx.nowMs) })
        .where(eq(conversations.id, existing.id));
    }
    return;
  }
  const wasEnded = existing.status === "ended";
  await tx
    .update(conversations)
    .set({
      agentId: existing.agentId ?? agentId ?? null,
      details: callDetails(existing.details, event),
      ...(terminal && !wasEnded ? { status: "ended", endedAt: new Date(event.at) } : {}),
      updatedAt: new Date(ctx.nowMs),
    })
    .where(eq(conversations.id, existing.id));
  if (terminal && !wasEnded) {
    await notifyLive(tx, { workspaceId: ctx.workspaceId, type: "conversation.updated", id: existing.id });
    await callEnded(tx, ctx, existing.id);
  }
}

function callDetails(previous: Record<string, unknown>, e: CallEvent): Record<string, unknown> {
  const answeredAt = previous.answeredAt ?? (e.status === "Answered" ? e.at : undefined);
  const next: Record<string, unknown> = {
    ...previous,
    direction: e.direction,
    from: e.from,
    to: e.to,
    fromName: e.fromName,
    toName: e.toName,
    partyId: e.partyId,
    sessionId: e.sessionId,
    telephonyStatus: e.status,
    sequence: e.sequence,
    ...(answeredAt ? { answeredAt } : {}),
  };
  if (TERMINAL.has(e.status)) {
    next.endedAt = e.at;
    next.endStatus = e.status;
    next.missedCall = e.missedCall ?? false;
    return withOutcome(next);
  }
  return next;
}

/** Result and talk time from what the record knows: answered (when), how it ended, whether RingCentral called it missed. */
function withOutcome(d: Record<string, unknown>): Record<string, unknown> {
  const answeredAt = typeof d.answeredAt === "string" ? d.answeredAt : undefined;
  const endedAt = typeof d.endedAt === "string" ? d.endedAt : undefined;
  const result = answeredAt && !d.missedCall ? "Answered" : d.endStatus === "VoiceMail" ? "Voicemail" : "Missed";
  const durationSec =
    answeredAt && endedAt ? Math.max(0, Math.round((Date.parse(endedAt) - Date.parse(answeredAt)) / 1000)) : 0;
  return { ...d, result, durationSec };
}

async function callEnded(tx: Tx, ctx: Ctx, conversationId: string): Promise<void> {
  const [call] = await tx.select().from(conversations).where(eq(conversations.id, conversationId));
  if (!call) return;
  const phone = call.customer.phone;
  const chat = phone ? await latestChatWithPhone(tx, ctx.workspaceId, phone) : undefined;
  if (chat) {
    const d = call.details;
    await noteOnChat(
      tx,
      ctx,
      chat,
      `📞 Call with ${phone} ended: ${String(d.result)}, ${String(d.durationSec)} s.`,
      `call-end:${call.externalId}`,
    );
  }
  // RingCentral publishes the record 15–30 s after the call; one batch read per connection finds it.
  await scheduleCallLogSync(tx, ctx.connectionId);
}

type ChatRef = {
  id: string;
  connectionId: string;
  platform: string;
  externalId: string;
  customerId: string | null;
  customer: { platformId?: string; name?: string; email?: string; phone?: string };
};

export async function latestChatWithPhone(
  tx: DbOrTx,
  workspaceId: string,
  phone: string,
): Promise<ChatRef | undefined> {
  const [chat] = await tx
    .select({
      id: conversations.id,
      connectionId: conversations.connectionId,
      platform: conversations.platform,
      externalId: conversations.externalId,
      customerId: conversations.customerId,
      customer: conversations.customer,
    })
    .from(conversations)
    .where(
      and(
        eq(conversations.workspaceId, workspaceId),
        eq(conversations.channel, "chat"),
        sql`${conversations.customer}->>'phone' = ${phone}`,
      ),
    )
    .orderBy(desc(conversations.startedAt))
    .limit(1);
  return chat;
}

/** The call, noted where the chat agents look: LiveChat customer session fields, Chatwoot private note + contact attributes. */
export async function noteOnChat(tx: Tx, ctx: Ctx, chat: ChatRef, text: string, key: string): Promise<void> {
  const base = {
    workspaceId: ctx.workspaceId,
    connectionId: chat.connectionId,
    platform: chat.platform,
    idempotencyKey: `note:${key}:${chat.id}`,
    cause: ctx.eventId,
  };
  if (chat.platform === "livechat" && chat.customer.platformId) {
    await issueCommands(tx, [
      {
        ...base,
        payload: {
          kind: "livechat.note_call",
          customerId: chat.customer.platformId,
          fields: { switchboard_last_call: text },
        },
      },
    ]);
  } else if (chat.platform === "chatwoot") {
    await issueCommands(tx, [
      {
        ...base,
        payload: {
          kind: "chatwoot.note_call",
          conversationId: chat.externalId,
          text,
          contactId: chat.customer.platformId,
          attributes: chat.customer.platformId ? { switchboard_last_call: text } : undefined,
        },
      },
    ]);
  }
}
