import { execFile } from "node:child_process";
import { access, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { type Availability, type SttOutput, type SttProvider, TransientProviderError } from "./providers.ts";

const run = promisify(execFile);
const DECODER = "pocketsphinx_continuous";

async function onPath(bin: string): Promise<boolean> {
  const dirs = (process.env.PATH ?? "").split(path.delimiter).filter(Boolean);
  for (const dir of dirs) {
    try {
      await access(path.join(dir, bin));
      return true;
    } catch {}
  }
  return false;
}

/**
 * Offline speech-to-text with Debian's pocketsphinx (+ pocketsphinx-en-us): sox resamples telephone audio to the
 * 16 kHz mono 16-bit the en-us model expects, then pocketsphinx_continuous decodes it. Each decoded utterance is a
 * segment (pocketsphinx gives no speakers).
 */
export function pocketsphinxProvider(options: { timeoutMs?: number } = {}): SttProvider {
  const timeout = options.timeoutMs ?? 10 * 60_000;
  return {
    name: "pocketsphinx",
    async availability(): Promise<Availability> {
      const [decoder, sox] = await Promise.all([onPath(DECODER), onPath("sox")]);
      if (decoder && sox) return { available: true, detail: "pocketsphinx_continuous + sox" };
      const missing = [decoder ? null : "pocketsphinx", sox ? null : "sox"].filter(Boolean).join(", ");
      return {
        available: false,
        detail: `not installed: ${missing} (apt-get install pocketsphinx pocketsphinx-en-us sox)`,
      };
    },
    async transcribe(input): Promise<SttOutput> {
      const dir = await mkdtemp(path.join(os.tmpdir(), "switchboard-stt-"));
      const wav16 = path.join(dir, "in16k.wav");
      try {
        const type = input.format === "mpeg" ? "mp3" : "wav";
        await run("sox", ["-t", type, input.filePath, "-r", "16000", "-c", "1", "-b", "16", wav16], { timeout });
        const { stdout } = await run(DECODER, ["-infile", wav16, "-logfn", os.devNull], {
          timeout,
          maxBuffer: 8 * 1024 * 1024,
        });
        const lines = stdout
          .split("\n")
          .map((l) => l.trim())
          .filter(Boolean);
        return {
          text: lines.join(" "),
          segments: lines.map((text) => ({ start: null, end: null, speaker: null, text })),
        };
      } catch (cause) {
        // A decoder that crashed or timed out may succeed on the next attempt; a missing binary will not, but
        // the retry budget bounds it and the reason stays visible.
        throw new TransientProviderError(
          `pocketsphinx failed: ${cause instanceof Error ? cause.message : String(cause)}`,
        );
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
