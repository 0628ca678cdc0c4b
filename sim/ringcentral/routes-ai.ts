import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { accountRoute, type SimContext } from "./context.ts";
import { rcErrors } from "./errors.ts";
import { RecordingAudio, scriptFor } from "./speech.ts";

/** Sandbox controls for the voice pipeline: per-recording faults and an AI outage switch. */
export type VoiceFault = "truncate" | "not_audio" | "none";
export type VoiceSim = { audio: RecordingAudio; faults: Map<string, VoiceFault>; aiDown: boolean };
export const createVoiceSim = (): VoiceSim => ({ audio: new RecordingAudio(), faults: new Map(), aiDown: false });

type Job = { jobId: string; creationTime: string; completionTime: string; response: Record<string, unknown> };

const asrInput = z.object({
  contentUri: z.string().url(),
  encoding: z.enum(["Mpeg", "Mp4", "Wav", "Webm", "Webp", "Aac", "Avi", "Ogg"]),
  languageCode: z.string().min(2),
  source: z.string().optional(),
  audioType: z.string().optional(),
});
const summaryInput = z.object({
  summaryType: z.enum(["Extractive", "AbstractiveShort", "AbstractiveLong", "AbstractiveAll", "All"]).optional(),
  utterances: z.array(z.object({ speakerId: z.string(), text: z.string(), start: z.number(), end: z.number() })).min(1),
});
const webhookQuery = z.object({ webhook: z.string().url().optional() });

/**
 * RingCentral AI (`/ai/audio/v1/async/speech-to-text`, `/ai/text/v1/async/summarize`, `/ai/status/v1/jobs/{jobId}`):
 * 202 + jobId, the result at the status endpoint and POSTed to `webhook` when given. The sandbox "recognises" its
 * own recordings by the script it spoke for them (it is the platform: it knows what was said); other audio fails
 * the job the way the platform does for media it cannot fetch.
 */
export function registerAiRoutes(app: FastifyInstance, ctx: SimContext, voice: VoiceSim): void {
  const jobs = new Map<string, Job>();

  const finish = async (webhook: string | undefined, response: Record<string, unknown>) => {
    const now = new Date(ctx.config.now()).toISOString();
    const job: Job = { jobId: randomUUID(), creationTime: now, completionTime: now, response };
    jobs.set(job.jobId, job);
    if (webhook) {
      // Fire and forget, as the platform does; the status endpoint stays the source of truth.
      void fetch(webhook, {
        method: "POST",
        headers: { "content-type": "application/json", "RingCentral-Request-Id": job.jobId },
        body: JSON.stringify(response),
        signal: AbortSignal.timeout(5000),
      }).catch(() => undefined);
    }
    return { jobId: job.jobId };
  };

  app.post("/ai/audio/v1/async/speech-to-text", async (req, reply) => {
    if (!accountRoute(ctx, req, reply, "Heavy")) return reply;
    if (voice.aiDown) return rcErrors.internal(reply);
    const query = webhookQuery.safeParse(req.query ?? {});
    if (!query.success) return rcErrors.invalidParameter(reply, "webhook");
    const input = asrInput.safeParse(req.body ?? {});
    if (!input.success) return rcErrors.invalidParameter(reply, String(input.error.issues[0]?.path[0] ?? "body"));
    const id = /\/recording\/([^/]+)\/content/.exec(new URL(input.data.contentUri).pathname)?.[1];
    const rec = id ? ctx.dir.recordings.get(id) : undefined;
    if (!rec) {
      const fail = { status: "Fail", response: { errorCode: "InvalidContentUri", message: "media not reachable" } };
      return reply.code(202).send(await finish(query.data.webhook, fail));
    }
    const text = scriptFor(rec.id, rec.voicemail);
    const words = text.split(/\s+/).filter(Boolean);
    const step = rec.durationSec / Math.max(1, words.length);
    const response = {
      status: "Success",
      response: {
        transcript: text,
        confidence: 0.9,
        speakerCount: 1,
        words: words.map((word, i) => ({ word, start: i * step, end: (i + 1) * step, confidence: 0.9 })),
        utterances: [{ speakerId: "0", text, start: 0, end: rec.durationSec, confidence: 0.9 }],
      },
    };
    return reply.code(202).send(await finish(query.data.webhook, response));
  });

  app.post("/ai/text/v1/async/summarize", async (req, reply) => {
    if (!accountRoute(ctx, req, reply, "Heavy")) return reply;
    if (voice.aiDown) return rcErrors.internal(reply);
    const query = webhookQuery.safeParse(req.query ?? {});
    if (!query.success) return rcErrors.invalidParameter(reply, "webhook");
    const input = summaryInput.safeParse(req.body ?? {});
    if (!input.success) return rcErrors.invalidParameter(reply, String(input.error.issues[0]?.path[0] ?? "body"));
    // Extractive: the first sentence of each speaker's longest utterance.
    const values = input.data.utterances
      .toSorted((a, b) => b.text.length - a.text.length)
      .slice(0, 2)
      .map((u) => ({ ...u, text: u.text.split(/(?<=[.!?])\s/)[0] ?? u.text }));
    const response = { status: "Success", response: { summaries: [{ name: "Extractive", values }] } };
    return reply.code(202).send(await finish(query.data.webhook, response));
  });

  app.get("/ai/status/v1/jobs/:jobId", async (req, reply) => {
    if (!accountRoute(ctx, req, reply, "Light")) return reply;
    const job = jobs.get(z.object({ jobId: z.string() }).parse(req.params).jobId);
    if (!job) return rcErrors.notFound(reply, "jobId");
    return {
      jobId: job.jobId,
      creationTime: job.creationTime,
      completionTime: job.completionTime,
      expirationTime: new Date(Date.parse(job.completionTime) + 86_400_000).toISOString(),
      ...job.response,
    };
  });

  app.post("/_sim/recordings/:id/fault", async (req, reply) => {
    const params = z.object({ id: z.string() }).parse(req.params);
    const input = z.object({ fault: z.enum(["truncate", "not_audio", "none"]) }).safeParse(req.body ?? {});
    if (!input.success) return rcErrors.invalidParameter(reply, "fault");
    voice.faults.set(params.id, input.data.fault);
    return { id: params.id, fault: input.data.fault };
  });
  app.post("/_sim/ai/outage", async (req, reply) => {
    const input = z.object({ down: z.boolean() }).safeParse(req.body ?? {});
    if (!input.success) return rcErrors.invalidParameter(reply, "down");
    voice.aiDown = input.data.down;
    return { down: voice.aiDown };
  });
  app.get("/_sim/recordings/:id/script", async (req, reply) => {
    const rec = ctx.dir.recordings.get(z.object({ id: z.string() }).parse(req.params).id);
    if (!rec) return rcErrors.notFound(reply, "recordingId");
    return { id: rec.id, script: scriptFor(rec.id, rec.voicemail) };
  });
}

/** The recording's bytes as served, with the sandbox's injected fault applied. */
export function recordingBytes(
  voice: VoiceSim,
  id: string,
  durationSec: number,
  voicemail = false,
): { type: string; bytes: Buffer } {
  const fault = voice.faults.get(id) ?? "none";
  if (fault === "not_audio") return { type: "audio/wav", bytes: Buffer.from("<html>login required</html>") };
  const wav = voice.audio.get(id, durationSec, voicemail);
  if (fault === "truncate") return { type: "audio/wav", bytes: wav.subarray(0, Math.floor(wav.length / 2)) };
  return { type: "audio/wav", bytes: wav };
}
