import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLlmSim, LLM_SANDBOX_DEFAULTS } from "../../sim/llm/app.ts";
import type { Sim } from "../../sim/shared/types.ts";
import { startTestHub, type TestHub } from "../../test/helpers/hub.ts";
import type { StoredTranscript } from "../db/schema/index.ts";
import { keySentencesOf, llmSummary, passagesOf } from "./llm-summary.ts";
import { extractiveSummary } from "./summary.ts";

let hub: TestHub;
let llm: Sim;
let llmUrl: string;

const transcript: StoredTranscript = {
  text: "",
  provider: "ringcentral",
  segments: [
    { start: 0, end: 2, speaker: "Customer", text: "Hello, I was charged twice for invoice 4471 and I need a refund." },
    { start: 2, end: 4, speaker: "Agent", text: "Thanks for the call, let me look at the weather first." },
  ],
};
transcript.text = transcript.segments.map((s) => s.text).join(" ");
const local = () => extractiveSummary(transcript.text, transcript.segments);

beforeAll(async () => {
  llm = await createLlmSim();
  llmUrl = await llm.listen(0);
  hub = await startTestHub({
    env: {
      BOT_LLM_BASE_URL: `${llmUrl}/v1`,
      BOT_LLM_API_KEY: LLM_SANDBOX_DEFAULTS.apiKey,
      BOT_LLM_TIMEOUT_MS: "1500",
      BOT_LLM_MAX_RETRIES: "0",
      VOICE_SUMMARY_PROVIDER: "llm",
    },
  });
}, 120_000);

afterAll(async () => {
  await hub?.stop();
  await llm?.close();
});

describe("language-model call summary (VOICE_SUMMARY_PROVIDER=llm)", () => {
  it("passages are the speaker turns; key sentences are at most three, a non-answer is none", () => {
    expect(passagesOf(transcript)[0]).toMatch(/^Customer: Hello/);
    expect(passagesOf({ text: "One. Two!", provider: "x", segments: [] })).toEqual(["One.", "Two!"]);
    expect(keySentencesOf("A. B. C. D.")).toEqual(["A.", "B.", "C."]);
    expect(keySentencesOf("I don't know.")).toEqual([]);
  });

  it("summarises through the OpenAI-compatible sandbox, from the transcript", async () => {
    const s = await llmSummary(hub.deps, hub.workspaceId, transcript, local());
    expect(s.method).toBe(`llm:${hub.deps.config.BOT_LLM_MODEL}`);
    expect(s.fallback).toBeUndefined();
    expect(s.keySentences.join(" ")).toMatch(/charged twice/);
    const asked = (await (await fetch(`${llmUrl}/_sim/requests?path=/chat/completions`)).json()) as unknown[];
    expect(JSON.stringify(asked.at(-1))).toContain("invoice 4471");
  });

  it("falls back to the extractive summary, with the reason, when the provider fails", async () => {
    await fetch(`${llmUrl}/_sim/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ http: [{ path: "/chat/completions", status: 500, count: 3 }] }),
    });
    const s = await llmSummary(hub.deps, hub.workspaceId, transcript, local());
    expect(s.method).toBe("extractive");
    expect(s.keySentences).toEqual(local().keySentences);
    expect(s.fallback).toMatch(/500|http/);
    await fetch(`${llmUrl}/_sim/reset`, { method: "POST" });
  });

  it("without a configured provider the extractive summary stands", async () => {
    const s = await llmSummary(hub.deps, hub.workspaceId, transcript, local(), null);
    expect(s.method).toBe("extractive");
    expect(s.fallback).toMatch(/BOT_LLM_BASE_URL/);
  });
});
