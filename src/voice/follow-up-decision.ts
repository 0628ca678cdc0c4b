import type { VoiceLineMode } from "../db/schema/index.ts";

export type CallOutcome = "answered" | "missed" | "voicemail";

/** The call's outcome from what the telephony events and the call-log record said (the record wins on voicemail). */
export function callOutcome(details: Record<string, unknown>): CallOutcome {
  const said = [details.callLogResult, details.result, details.endStatus].map((v) => String(v ?? "").toLowerCase());
  if (said.some((v) => v === "voicemail")) return "voicemail";
  if (said.some((v) => v === "missed" || v === "no answer")) return "missed";
  return "answered";
}

/** Lines without a row keep the pipeline's behaviour from before modes: transcribed, summarised, no follow-up. */
export type LineSettings = { line: string | null; mode: VoiceLineMode | null; transcribe: boolean };

/** human-only lines keep the recording and stop there unless transcription is switched on for the line. */
export const shouldTranscribe = (line: LineSettings): boolean => line.mode !== "human-only" || line.transcribe;

export type FollowUpPlan =
  | { kind: "none"; reason: string }
  | { kind: "task"; reason: string }
  | { kind: "ask-bot"; reason: string };

/** What a line's mode does once a call is summarised. */
export function planFollowUp(line: LineSettings, outcome: CallOutcome, transcript: string): FollowUpPlan {
  if (line.mode === null) return { kind: "none", reason: "the line has no mode configured (PUT /api/voice/lines)" };
  if (line.mode === "human-only") return { kind: "none", reason: "human-only line: record-keeping only" };
  if (outcome === "answered") return { kind: "none", reason: "the call was answered: no follow-up needed" };
  if (line.mode === "full-auto" && outcome === "voicemail" && transcript.trim().length > 0)
    return { kind: "ask-bot", reason: "full-auto line: the bot tries to answer the voicemail by SMS" };
  return { kind: "task", reason: `${line.mode} line: a person follows up the ${outcome} call` };
}

export type BotVerdict = { action: "answer" | "handoff"; reason: string; confidence: number; answer?: string };

/** full-auto: an SMS when the bot answered with text and a number to send it to; otherwise a person gets the task. */
export function afterBot(
  verdict: BotVerdict,
  callerPhone: string | undefined,
): { kind: "sms"; text: string; reason: string } | { kind: "task"; reason: string } {
  if (verdict.action !== "answer" || !verdict.answer?.trim())
    return { kind: "task", reason: `the bot handed off: ${verdict.reason}` };
  if (!callerPhone) return { kind: "task", reason: "the caller's number is unknown: no SMS possible" };
  return { kind: "sms", text: verdict.answer.trim(), reason: `the bot answered: ${verdict.reason}` };
}
