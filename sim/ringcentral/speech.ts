import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { recordingWav } from "./wav.ts";

/** What callers say on the sandbox's recordings: picked by recording id, so a call's audio is reproducible. */
export const CALL_SCRIPTS = [
  "Hello, I am calling about my order number A B 4 5 1 2. It has not arrived yet. Please call me back on 415 555 0101.",
  "Hi, this is a voicemail. I would like to change my delivery address. My email is jane at example dot com. Thank you.",
  "Good morning. I was charged twice for the same invoice. Could somebody look into it today please.",
] as const;

export function scriptFor(recordingId: string, voicemail = false): string {
  if (voicemail) return CALL_SCRIPTS[1];
  const n = Number.parseInt(recordingId.replace(/\D/g, "") || "0", 10);
  return CALL_SCRIPTS[n % CALL_SCRIPTS.length] ?? CALL_SCRIPTS[0];
}

let espeakAvailable: boolean | undefined;

/**
 * Telephone-quality speech (8 kHz, 16-bit mono WAV) of `text`, spoken by Debian's espeak-ng and resampled by sox.
 * Without them the sandbox still serves valid audio (a tone), so nothing downstream depends on optional packages.
 */
export function speak(text: string, fallbackSec: number): { wav: Buffer; spoken: boolean } {
  if (espeakAvailable !== false) {
    try {
      const raw = execFileSync("espeak-ng", ["-s", "150", "--stdout", text], { maxBuffer: 16 * 1024 * 1024 });
      // sox writes to a file, not a pipe: only then can it fill in the header's real data size.
      const dir = mkdtempSync(path.join(os.tmpdir(), "rc-sim-speech-"));
      const out = path.join(dir, "speech.wav");
      let wav: Buffer;
      try {
        execFileSync("sox", ["-t", "wav", "-", "-r", "8000", "-c", "1", "-b", "16", out], { input: raw });
        wav = readFileSync(out);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      espeakAvailable = true;
      return { wav, spoken: true };
    } catch {
      espeakAvailable = false;
    }
  }
  return { wav: recordingWav(fallbackSec), spoken: false };
}

/** Cached audio per recording: espeak-ng runs once per recording, not per download. */
export class RecordingAudio {
  readonly #cache = new Map<string, Buffer>();

  get(recordingId: string, durationSec: number, voicemail = false): Buffer {
    const hit = this.#cache.get(recordingId);
    if (hit) return hit;
    const { wav } = speak(scriptFor(recordingId, voicemail), durationSec);
    this.#cache.set(recordingId, wav);
    return wav;
  }
}
