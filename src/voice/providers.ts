import type { TranscriptSegment } from "../db/schema/call-recordings.ts";

/** A recording ready for speech-to-text: the stored file, and the platform URI it came from. */
export type SttInput = { filePath: string; contentUri: string; format: "wav" | "mpeg"; connectionId: string };
export type SttOutput = { text: string; segments: TranscriptSegment[] };
export type Availability = { available: boolean; detail: string };

/** Thrown for failures worth retrying (provider down, timeouts); anything else fails the recording for good. */
export class TransientProviderError extends Error {
  override readonly name = "TransientProviderError";
}

/** Speech-to-text behind one interface: pocketsphinx (offline), RingCentral AI, an OpenAI-compatible server. */
export type SttProvider = {
  readonly name: "pocketsphinx" | "ringcentral" | "openai";
  availability(): Promise<Availability>;
  transcribe(input: SttInput): Promise<SttOutput>;
};
