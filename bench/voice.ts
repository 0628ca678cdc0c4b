/**
 * Speech-to-text quality and speed on the committed fixtures (bench/fixtures/voice: espeak-ng speech at 8 kHz with
 * reference transcripts): word error rate per provider and processing time as a ratio of the audio's duration.
 * Providers: pocketsphinx (when installed) and an OpenAI-compatible server when VOICE_OPENAI_URL is set.
 * Prints one JSON line.   npx tsx bench/voice.ts
 */
import { readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { inspectAudio } from "../src/voice/audio.ts";
import { openAiSttProvider } from "../src/voice/openai-stt.ts";
import { pocketsphinxProvider } from "../src/voice/pocketsphinx.ts";
import type { SttProvider } from "../src/voice/providers.ts";
import { normaliseWords, wordErrorRate } from "../src/voice/wer.ts";

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures", "voice");
const references = z
  .record(z.string(), z.string())
  .parse(JSON.parse(await readFile(path.join(dir, "references.json"), "utf8")));

const providers: SttProvider[] = [
  pocketsphinxProvider(),
  openAiSttProvider({
    url: process.env.VOICE_OPENAI_URL,
    apiKey: process.env.VOICE_OPENAI_KEY,
    model: process.env.VOICE_OPENAI_MODEL ?? "whisper-1",
  }),
];

const results: Record<string, unknown> = {};
for (const provider of providers) {
  const availability = await provider.availability();
  if (!availability.available) {
    results[provider.name] = { available: false, detail: availability.detail };
    continue;
  }
  let errors = 0;
  let refWords = 0;
  let audioSec = 0;
  let processingSec = 0;
  const clips = [];
  for (const [file, reference] of Object.entries(references)) {
    const filePath = path.join(dir, file);
    const audio = inspectAudio(await readFile(filePath));
    const duration = audio.ok ? (audio.durationSec ?? 0) : 0;
    const started = performance.now();
    const out = await provider.transcribe({ filePath, contentUri: "", format: "wav", connectionId: "" });
    const seconds = (performance.now() - started) / 1000;
    const wer = wordErrorRate(reference, out.text);
    errors += wer * normaliseWords(reference).length;
    refWords += normaliseWords(reference).length;
    audioSec += duration;
    processingSec += seconds;
    clips.push({
      file,
      wer: Number(wer.toFixed(3)),
      rtf: Number((seconds / duration).toFixed(3)),
      hypothesis: out.text,
    });
  }
  results[provider.name] = {
    available: true,
    wer: Number((errors / refWords).toFixed(3)),
    realTimeFactor: Number((processingSec / audioSec).toFixed(3)),
    audioSec: Number(audioSec.toFixed(2)),
    clips,
  };
}

console.log(JSON.stringify({ bench: "voice", cpus: os.cpus().length, node: process.version, providers: results }));
