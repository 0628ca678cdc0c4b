import { z } from "zod";
import type { RingcentralClient } from "../platforms/ringcentral/client.ts";
import { type SttOutput, type SttProvider, TransientProviderError } from "./providers.ts";

const transcribed = z.object({
  transcript: z.string(),
  utterances: z
    .array(z.object({ speakerId: z.string().optional(), text: z.string(), start: z.number(), end: z.number() }))
    .optional(),
});

export type RcClientFor = (connectionId: string) => Promise<RingcentralClient | undefined>;

/**
 * Polls a RingCentral AI job until it is done (bounded). RingCentral also POSTs the result to a webhook; polling
 * the status endpoint gives the same answer without a public URL, which self-hosted hubs often lack.
 */
export async function awaitAiJob(
  client: RingcentralClient,
  jobId: string,
  options: { pollMs?: number; maxWaitMs?: number } = {},
): Promise<unknown> {
  const deadline = Date.now() + (options.maxWaitMs ?? 5 * 60_000);
  for (;;) {
    const res = await client.getAiJob(jobId);
    if (!res.ok) throw new TransientProviderError(`RingCentral AI job status: ${res.error.message}`);
    if (res.value.status === "Success") return res.value.response;
    if (res.value.status === "Fail")
      throw new Error(`RingCentral AI job failed: ${JSON.stringify(res.value.response)}`);
    if (Date.now() > deadline) throw new TransientProviderError(`RingCentral AI job ${jobId} still running`);
    await new Promise((r) => setTimeout(r, options.pollMs ?? 1000));
  }
}

/** RingCentral's own speech-to-text: it fetches the recording itself by content URI (no upload from us). */
export function ringcentralSttProvider(
  clientFor: RcClientFor,
  hasConnection: () => Promise<boolean>,
  webhook: string,
): SttProvider {
  return {
    name: "ringcentral",
    async availability() {
      return (await hasConnection())
        ? { available: true, detail: "RingCentral AI API through the RingCentral connection" }
        : { available: false, detail: "no RingCentral connection" };
    },
    async transcribe(input): Promise<SttOutput> {
      const client = await clientFor(input.connectionId);
      if (!client) throw new Error("the call's RingCentral connection is gone");
      const started = await client.startSpeechToText(
        {
          contentUri: input.contentUri,
          encoding: input.format === "mpeg" ? "Mpeg" : "Wav",
          languageCode: "en-US",
          audioType: "CallCenter",
        },
        webhook,
      );
      if (!started.ok) {
        if (started.error.retryable || (started.error.status ?? 0) >= 500)
          throw new TransientProviderError(`RingCentral AI: ${started.error.message}`);
        throw new Error(`RingCentral AI refused the job: ${started.error.message}`);
      }
      const result = transcribed.safeParse(await awaitAiJob(client, started.value.jobId));
      if (!result.success) throw new Error("RingCentral AI answered without a transcript");
      return {
        text: result.data.transcript,
        segments: (result.data.utterances ?? []).map((u) => ({
          start: u.start,
          end: u.end,
          speaker: u.speakerId ?? null,
          text: u.text,
        })),
      };
    },
  };
}
