import { describe, expect, it } from "vitest";
import { afterBot, callOutcome, type LineSettings, planFollowUp, shouldTranscribe } from "./follow-up-decision.ts";

const line = (mode: LineSettings["mode"], transcribe = false): LineSettings => ({ line: "+1", mode, transcribe });

describe("voice line modes", () => {
  it.each([
    [{ result: "Answered", callLogResult: "Accepted" }, "answered"],
    [{ result: "Missed" }, "missed"],
    [{ result: "Missed", callLogResult: "Voicemail" }, "voicemail"],
    [{ endStatus: "VoiceMail" }, "voicemail"],
    [{ callLogResult: "No Answer" }, "missed"],
    [{}, "answered"],
  ])("outcome of %j is %s", (details, expected) => {
    expect(callOutcome(details)).toBe(expected);
  });

  it.each([
    [line(null), true],
    [line("human-only"), false],
    [line("human-only", true), true],
    [line("triage"), true],
    [line("full-auto"), true],
  ])("transcribe %j → %s", (l, expected) => {
    expect(shouldTranscribe(l)).toBe(expected);
  });

  it.each([
    [line(null), "voicemail", "hello", "none"],
    [line("human-only", true), "voicemail", "hello", "none"],
    [line("triage"), "answered", "hello", "none"],
    [line("triage"), "missed", "", "task"],
    [line("triage"), "voicemail", "hello", "task"],
    [line("full-auto"), "missed", "", "task"],
    [line("full-auto"), "voicemail", "  ", "task"],
    [line("full-auto"), "voicemail", "hello", "ask-bot"],
    [line("full-auto"), "answered", "hello", "none"],
  ] as const)("%j on a %s call (%j) → %s", (l, outcome, text, kind) => {
    expect(planFollowUp(l, outcome, text).kind).toBe(kind);
  });

  it("an answer with a number is an SMS; a handoff, an empty answer or no number is a task", () => {
    const yes = { action: "answer" as const, reason: "ok", confidence: 0.9, answer: " Do this. " };
    expect(afterBot(yes, "+14155550101")).toEqual({ kind: "sms", text: "Do this.", reason: "the bot answered: ok" });
    expect(afterBot(yes, undefined).kind).toBe("task");
    expect(afterBot({ ...yes, answer: " " }, "+1").kind).toBe("task");
    expect(afterBot({ action: "handoff", reason: "low", confidence: 0.1 }, "+1")).toEqual({
      kind: "task",
      reason: "the bot handed off: low",
    });
  });
});
