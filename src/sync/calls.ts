import { and, desc, eq, sql } from "drizzle-orm";
import { issueCommands } from "../commands/repo.ts";
import type { DbOrTx, Tx } from "../db/database.ts";
import { conversations } from "../db/schema/index.ts";
import type { DomainEvent } from "../domain/events.ts";
import { enqueue } from "../jobs/enqueue.ts";
import type { EventHandler } from "../jobs/process-webhook.ts";
import { newId } from "../lib/ids.ts";
import { toE164 } from "../lib/phone.ts";
import { agentsByIdentity } from "./agent-engine.ts";

type CallEvent = Extract<DomainEvent, { type: "call.updated" }>;
type Ctx = Parameters<EventHandler>[1];

const TERMINAL = new Set(["Disconnected", "Gone", "VoiceMail"]);
/** Seconds after the call before each look for its call-log record (RingCentral publishes it 15–30 s late). */
export const CALL_LOG_POLL_SECONDS = [15, 30, 60, 120, 300];

/**
 * One record per telephony session, advanced only by newer `sequence`s (late or repeated notifications change
 * nothing). The first notification notes the call on the caller's chat-side record; the last one closes the
 * record with duration and result, notes that too, and starts polling for the call log and recording.
 */
export async function onCallEvent(tx: Tx, ctx: Ctx, event: CallEvent): Promise<void> {
  const agentId = event.extensionId
    ? (await agentsByIdentity(tx, ctx.workspaceId, ctx.connectionId, [event.extensionId]))[0]
    : undefined;
  const customerPhone = toE164(event.direction === "Inbound" ? event.from : event.to);
  const terminal = TERMINAL.has(event.status);
  const key = and(
    eq(conversations.connectionId, ctx.connectionId),
    eq(conversations.channel, "call"),
    eq(conversations.externalId, event.telephonySessionId),
  );
  const [existing] = await tx.select().from(conversations).where(key).for("update");

  if (!existing) {
    const id = newId("cnv");
    const chat = customerPhone ? await latestChatWithPhone(tx, ctx.workspaceId, customerPhone) : undefined;
    await tx.insert(conversations).values({
      id,
      workspaceId: ctx.workspaceId,
      connectionId: ctx.connectionId,
      platform: "ringcentral",
      channel: "call",
      externalId: event.telephonySessionId,
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
      details: callDetails({}, event),
    });
    if (chat)
      await noteOnChat(
        tx,
        ctx,
        chat,
        `📞 ${event.direction === "Inbound" ? "Incoming" : "Outgoing"} call ${event.direction === "Inbound" ? "from" : "to"} ${customerPhone} started (${event.status}).`,
        `call-start:${event.telephonySessionId}`,
      );
    if (terminal) await callEnded(tx, ctx, id);
    return;
  }
  const seen = Number(existing.details.sequence ?? -1);
  if (event.sequence <= seen) return;
  const wasEnded = existing.status === "ended";
  await tx
    .update(conversations)
    .set({
      agentId: existing.agentId ?? agentId ?? null,
      details: callDetails(existing.details, event),
      ...(terminal && !wasEnded ? { status: "ended", endedAt: new Date(event.at) } : {}),
      updatedAt: new Date(),
    })
    .where(eq(conversations.id, existing.id));
  if (terminal && !wasEnded) await callEnded(tx, ctx, existing.id);
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
    next.result =
      e.missedCall || (!answeredAt && e.status !== "VoiceMail")
        ? "Missed"
        : e.status === "VoiceMail"
          ? "Voicemail"
          : "Answered";
    next.durationSec = answeredAt
      ? Math.max(0, Math.round((Date.parse(e.at) - Date.parse(String(answeredAt))) / 1000))
      : 0;
  }
  return next;
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
  await enqueue(
    tx,
    "fetch-call-log",
    { conversationId, attempt: 1 },
    { runAt: new Date(Date.now() + (CALL_LOG_POLL_SECONDS[0] ?? 15) * 1000) },
  );
}

type ChatRef = {
  id: string;
  connectionId: string;
  platform: string;
  externalId: string;
  customerId: string | null;
  customer: { platformId?: string; name?: string; email?: string; phone?: string };
};

async function latestChatWithPhone(tx: DbOrTx, workspaceId: string, phone: string): Promise<ChatRef | undefined> {
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
async function noteOnChat(tx: Tx, ctx: Ctx, chat: ChatRef, text: string, key: string): Promise<void> {
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
