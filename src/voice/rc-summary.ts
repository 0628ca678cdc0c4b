import { z } from "zod";
import type { StoredSummary, StoredTranscript } from "../db/schema/call-recordings.ts";
import type { Deps } from "../deps.ts";
import { TransientProviderError } from "./providers.ts";
import { aiCallbackUrl, rcClientFor } from "./registry.ts";
import { awaitAiJob } from "./ringcentral-stt.ts";

const summaryOut = z.object({
  summaries: z.array(z.object({ name: z.string(), values: z.array(z.object({ text: z.string() })) })),
});

/** RingCentral's summarize job for the key sentences; the locally found reason, numbers and ids are kept. */
export async function ringcentralSummary(
  deps: Deps,
  connectionId: string,
  transcript: StoredTranscript,
  local: StoredSummary,
): Promise<StoredSummary> {
  const client = await rcClientFor(deps, connectionId);
  if (!client) throw new Error("the call's RingCentral connection is gone");
  const utterances = transcript.segments.length
    ? transcript.segments.map((s, i) => ({
        speakerId: s.speaker ?? "0",
        text: s.text,
        start: s.start ?? i,
        end: s.end ?? i + 1,
      }))
    : [{ speakerId: "0", text: transcript.text, start: 0, end: 1 }];
  const started = await client.startSummarize(utterances, aiCallbackUrl(deps));
  if (!started.ok) throw new TransientProviderError(`RingCentral summarize: ${started.error.message}`);
  const out = summaryOut.safeParse(await awaitAiJob(client, started.value.jobId));
  if (!out.success) throw new Error("RingCentral summarize answered without summaries");
  const keySentences = out.data.summaries.flatMap((s) => s.values.map((v) => v.text));
  return { ...local, method: "ringcentral", keySentences };
}
