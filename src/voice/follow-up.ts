import { eq, sql } from "drizzle-orm";
import { answerQuestion } from "../bot/answer.ts";
import { botContext } from "../bot/context.ts";
import { inboxSettingsSchema } from "../bot/settings.ts";
import { createSession } from "../chat/sessions.ts";
import { issueCommands } from "../commands/repo.ts";
import { audit } from "../db/audit.ts";
import type { Db, Tx } from "../db/database.ts";
import { type callRecordings, conversations, type StoredFollowUp } from "../db/schema/index.ts";
import type { Deps } from "../deps.ts";
import { afterBot, callOutcome, planFollowUp } from "./follow-up-decision.ts";
import type { ResolvedLine } from "./lines.ts";

type Row = typeof callRecordings.$inferSelect;
type Call = typeof conversations.$inferSelect;

const ACTOR = "voice-pipeline";
const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * The line's mode after the summary, in the pipeline's transaction (so it happens once per call): nothing, a
 * follow-up task in a built-in chat group carrying the transcript, or (full-auto voicemails) the agent-bot's
 * answer by SMS through the durable command path, else the task. Each automatic action is audited and written on
 * the call's record (`details.voiceFollowUp`), which the customer timeline shows.
 */
export async function followUp(deps: Deps, tx: Tx, row: Row, call: Call, line: ResolvedLine): Promise<StoredFollowUp> {
  const transcript = row.transcript?.text ?? "";
  const outcome = callOutcome(call.details);
  const plan = planFollowUp(line, outcome, transcript);
  const at = new Date(deps.now()).toISOString();
  const mode = line.mode ?? "unconfigured";
  const callerPhone = call.customer.phone ?? (typeof call.details.from === "string" ? call.details.from : undefined);
  let result: StoredFollowUp;
  if (plan.kind === "none") result = { mode, action: "none", reason: plan.reason, at };
  else if (plan.kind === "task") result = await task(deps, tx, row, call, line, plan.reason, at);
  else {
    const settings = inboxSettingsSchema.parse({ channel: "widget", threshold: line.threshold });
    const answer = await answerQuestion(botContext(deps), row.workspaceId, transcript, settings);
    const next = afterBot(answer, callerPhone);
    const from = line.line && E164.test(line.line) ? line.line : String(call.details.to ?? "");
    if (next.kind === "sms" && callerPhone && E164.test(from)) {
      const [commandId] = await issueCommands(tx, [
        {
          workspaceId: row.workspaceId,
          connectionId: row.connectionId,
          platform: "ringcentral",
          idempotencyKey: `voice-sms:${row.conversationId}`,
          cause: `voice:${row.conversationId}`,
          payload: { kind: "ringcentral.send_sms", from, to: callerPhone, text: next.text.slice(0, 1000) },
        },
      ]);
      result = {
        mode,
        action: "sms",
        reason: next.reason,
        confidence: answer.confidence,
        ...(commandId ? { smsCommandId: commandId } : {}),
        at,
      };
    } else {
      const why = next.kind === "sms" ? `no E.164 number to send from (${from || "none"})` : next.reason;
      result = { ...(await task(deps, tx, row, call, line, why, at)), confidence: answer.confidence };
    }
  }
  if (result.action !== "none")
    await audit(tx, {
      workspaceId: row.workspaceId,
      actor: ACTOR,
      action: `voice.follow_up.${result.action}`,
      target: row.conversationId,
      details: { ...result, line: line.line, outcome },
    });
  await tx
    .update(conversations)
    .set({ details: sql`${conversations.details} || ${JSON.stringify({ voiceFollowUp: result })}::jsonb` })
    .where(eq(conversations.id, row.conversationId));
  return result;
}

/** A queued built-in chat in the line's group (or the default group) whose first message is the call and its transcript. */
async function task(
  deps: Deps,
  tx: Tx,
  row: Row,
  call: Call,
  line: ResolvedLine,
  reason: string,
  at: string,
): Promise<StoredFollowUp> {
  const mode = line.mode ?? "unconfigured";
  const phone = call.customer.phone ?? String(call.details.from ?? "unknown number");
  const outcome = callOutcome(call.details);
  const s = row.summary;
  const text = [
    `📞 Follow up the ${outcome} call from ${phone}${line.line ? ` on ${line.line}` : ""}.`,
    s?.reason ? `Reason: ${s.reason}` : null,
    s?.keySentences.length ? `Key points: ${s.keySentences.join(" ")}` : null,
    `Transcript: ${row.transcript?.text || "(no speech recognised)"}`,
  ]
    .filter(Boolean)
    .join("\n");
  // createSession opens its own transaction: inside ours it is a savepoint, so the task exists iff the step commits.
  const created = await createSession(tx as unknown as Db, {
    workspaceId: row.workspaceId,
    ...(line.taskGroupId ? { groupId: line.taskGroupId } : {}),
    visitor: {
      name: call.customer.name ?? phone,
      ...(call.customer.email ? { email: call.customer.email } : {}),
      metadata: { source: "voice", callConversationId: row.conversationId, phone, line: line.line },
    },
    message: text,
    nowMs: deps.now(),
  });
  if (!created) return { mode, action: "none", reason: `${reason}; but no chat group exists for the task`, at };
  return { mode, action: "task", reason, taskConversationId: created.created.conversationId, at };
}
