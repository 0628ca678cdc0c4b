import { readFile } from "node:fs/promises";
import { z } from "zod";
import { type SttOutput, type SttProvider, TransientProviderError } from "./providers.ts";

const verboseJson = z.object({
  text: z.string(),
  segments: z.array(z.object({ start: z.number(), end: z.number(), text: z.string() })).optional(),
});

/** An OpenAI-compatible `/v1/audio/transcriptions` endpoint (OpenAI, or a self-hosted Whisper server). */
export function openAiSttProvider(options: { url?: string; apiKey?: string; model: string }): SttProvider {
  return {
    name: "openai",
    async availability() {
      return options.url
        ? { available: true, detail: `${new URL(options.url).host} (${options.model})` }
        : { available: false, detail: "VOICE_OPENAI_URL not set" };
    },
    async transcribe(input): Promise<SttOutput> {
      if (!options.url) throw new TransientProviderError("VOICE_OPENAI_URL not set");
      const form = new FormData();
      const type = input.format === "mpeg" ? "audio/mpeg" : "audio/wav";
      form.set(
        "file",
        new Blob([await readFile(input.filePath)], { type }),
        `recording.${input.format === "mpeg" ? "mp3" : "wav"}`,
      );
      form.set("model", options.model);
      form.set("response_format", "verbose_json");
      let res: Response;
      try {
        res = await fetch(`${options.url.replace(/\/$/, "")}/audio/transcriptions`, {
          method: "POST",
          headers: options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {},
          body: form,
          signal: AbortSignal.timeout(5 * 60_000),
        });
      } catch (cause) {
        throw new TransientProviderError(`transcription server unreachable: ${String(cause)}`);
      }
      if (res.status >= 500 || res.status === 429)
        throw new TransientProviderError(`transcription server ${res.status}`);
      if (!res.ok) throw new Error(`transcription server refused the audio: ${res.status} ${await res.text()}`);
      const body = verboseJson.safeParse(await res.json());
      if (!body.success) throw new Error("transcription server answered without `text`");
      return {
        text: body.data.text.trim(),
        segments: (body.data.segments ?? []).map((s) => ({
          start: s.start,
          end: s.end,
          speaker: null,
          text: s.text.trim(),
        })),
      };
    },
  };
}
