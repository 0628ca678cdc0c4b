import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../../test/helpers/hub.ts";
import { callRecordings, commands, connections, conversations } from "../db/schema/index.ts";
import type { Deps } from "../deps.ts";
import { newId } from "../lib/ids.ts";
import { syncCallLog } from "../sync/call-log.ts";
import { processRecording } from "./pipeline.ts";
import { pocketsphinxProvider } from "./pocketsphinx.ts";
import { registerRecording } from "./recordings.ts";

let hub: TestHub;
let rcUrl: string;
let connectionId: string;
let extensionId: string;
let offline: boolean;

type Detail = {
  recording: { state: string; reason: string | null; checksum: string | null; sizeBytes: number | null } | null;
  transcript: { text: string; provider: string; segments: unknown[] } | null;
  summary: { method: string; keySentences: string[]; reason: string | null } | null;
};

const sim = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${rcUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await res.json()) as Record<string, unknown>;
};

/** A real sandbox call, answered and ended, its call log flushed: returns the recording's id and content URI. */
async function recordedCall(): Promise<{ id: string; contentUri: string }> {
  const call = await sim("POST", "/_sim/calls", { extensionId, direction: "Inbound", from: "+14155550101" });
  await sim("POST", `/_sim/calls/${String(call.telephonySessionId)}/end`, {});
  await sim("POST", "/_sim/call-log/flush");
  const parties = (await sim("GET", `/_sim/calls/${String(call.telephonySessionId)}`)).parties as {
    recordingId?: string;
  }[];
  const id = parties.find((p) => p.recordingId)?.recordingId ?? "";
  expect(id).not.toBe("");
  return { id, contentUri: `${rcUrl}/restapi/v1.0/account/~/recording/${id}/content` };
}

/** A call record with that recording, registered for the pipeline as the call-log sync does. */
async function callWith(recording: { id: string; contentUri: string }, phone?: string): Promise<string> {
  const id = newId("cnv");
  const db = hub.deps.database.db;
  const endedAt = new Date();
  await db.insert(conversations).values({
    id,
    workspaceId: hub.workspaceId,
    connectionId,
    platform: "ringcentral",
    channel: "call",
    externalId: `voice-${id}`,
    customer: phone ? { phone } : {},
    status: "ended",
    startedAt: new Date(endedAt.getTime() - 10_000),
    endedAt,
    details: { direction: "Inbound", recording },
  });
  await registerRecording(db, { id, workspaceId: hub.workspaceId, connectionId, endedAt }, recording);
  return id;
}

const detail = async (id: string) => (await hub.api("GET", `/api/conversations/${id}`)).body as Detail;
const withConfig = (over: Partial<Deps["config"]>): Deps => ({ ...hub.deps, config: { ...hub.deps.config, ...over } });

beforeAll(async () => {
  hub = await startTestHub({ sandboxes: true, sandboxEnv: { SIM_RINGCENTRAL_RATE_SCALE: "20" } });
  rcUrl = hub.sandboxes?.ringcentral.url ?? "";
  const [rc] = await hub.deps.database.db
    .select()
    .from(connections)
    .where(and(eq(connections.workspaceId, hub.workspaceId), eq(connections.platform, "ringcentral")));
  connectionId = rc?.id ?? "";
  const exts = (await (await fetch(`${rcUrl}/_sim/extensions`)).json()) as { id: string }[];
  extensionId = exts[0]?.id ?? "";
  offline = (await pocketsphinxProvider().availability()).available;
}, 120_000);

afterAll(async () => {
  await hub?.stop();
});

describe("voice pipeline against the RingCentral sandbox", () => {
  it("lists the speech-to-text providers and which is in use", async () => {
    const res = await hub.api("GET", "/api/voice/providers");
    expect(res.status).toBe(200);
    const body = res.body as { selected: string; providers: { name: string; available: boolean }[] };
    expect(body.providers.map((p) => p.name)).toEqual(["pocketsphinx", "ringcentral", "openai"]);
    expect(body.providers.find((p) => p.name === "ringcentral")?.available).toBe(true);
    expect(body.providers.find((p) => p.name === "openai")?.available).toBe(false);
    expect(body.selected).toBe(offline ? "pocketsphinx" : "ringcentral");
  });

  it("downloads, checksums, transcribes offline and summarises a sandbox call; a redelivery does nothing", async () => {
    const id = await callWith(await recordedCall());
    expect((await detail(id)).recording?.state).toBe("recording_pending");
    expect(await processRecording(hub.deps, id)).toBe("synced");
    const d = await detail(id);
    expect(d.recording?.state).toBe("synced");
    const [row] = await hub.deps.database.db.select().from(callRecordings).where(eq(callRecordings.conversationId, id));
    const bytes = await readFile(row?.filePath ?? "");
    expect(d.recording?.checksum).toBe(`sha256:${createHash("sha256").update(bytes).digest("hex")}`);
    expect(d.recording?.sizeBytes).toBe(bytes.length);
    expect(d.transcript?.provider).toBe(offline ? "pocketsphinx" : "ringcentral");
    expect(d.transcript?.text.length).toBeGreaterThan(0);
    expect(d.summary?.method).toBe("extractive");
    const before = row?.updatedAt.getTime();
    expect(await processRecording(hub.deps, id)).toBe("synced");
    const [again] = await hub.deps.database.db
      .select()
      .from(callRecordings)
      .where(eq(callRecordings.conversationId, id));
    expect(again?.updatedAt.getTime()).toBe(before);
  }, 180_000);

  it("two workers on one recording: one transcription, both see it synced", async () => {
    const id = await callWith(await recordedCall());
    const deps = withConfig({ VOICE_STT_PROVIDER: "ringcentral" });
    const results = await Promise.all([processRecording(deps, id), processRecording(deps, id)]);
    expect(results).toEqual(["synced", "synced"]);
    const d = await detail(id);
    expect(d.recording?.state).toBe("synced");
  }, 60_000);

  it("RingCentral AI: the transcript is what the caller said, with speaker turns, and RC summarize", async () => {
    const rec = await recordedCall();
    const id = await callWith(rec);
    const deps = withConfig({ VOICE_STT_PROVIDER: "ringcentral", VOICE_SUMMARY_PROVIDER: "ringcentral" });
    expect(await processRecording(deps, id)).toBe("synced");
    const script = String((await sim("GET", `/_sim/recordings/${rec.id}/script`)).script);
    const d = await detail(id);
    expect(d.transcript?.text).toBe(script);
    expect(d.transcript?.provider).toBe("ringcentral");
    expect(d.transcript?.segments.length).toBeGreaterThan(0);
    expect(d.summary?.method).toBe("ringcentral");
    expect(d.summary?.keySentences.length).toBeGreaterThan(0);
  }, 60_000);

  const faults = [
    {
      name: "a recording RingCentral does not have (404)",
      reason: "not_found",
      setup: async () => ({ id: "999999", contentUri: `${rcUrl}/restapi/v1.0/account/~/recording/999999/content` }),
    },
    {
      name: "a content URI on a foreign host",
      reason: "host_not_allowed",
      setup: async () => ({ id: "1", contentUri: "https://media.attacker.example/recording/1/content" }),
    },
    {
      name: "a download that is not audio",
      reason: "not_audio",
      setup: async () => {
        const rec = await recordedCall();
        await sim("POST", `/_sim/recordings/${rec.id}/fault`, { fault: "not_audio" });
        return rec;
      },
    },
    {
      name: "a truncated download",
      reason: "truncated",
      setup: async () => {
        const rec = await recordedCall();
        await sim("POST", `/_sim/recordings/${rec.id}/fault`, { fault: "truncate" });
        return rec;
      },
    },
  ];
  for (const f of faults) {
    it(`fails with the reason for ${f.name}`, async () => {
      const id = await callWith(await f.setup());
      expect(await processRecording(hub.deps, id)).toBe("failed");
      const d = await detail(id);
      expect(d.recording?.state).toBe("failed");
      expect(d.recording?.reason).toMatch(new RegExp(`^${f.reason}:`));
      expect(d.transcript).toBeNull();
    }, 60_000);
  }

  it("over the size cap → failed too_large; a person's retry after the cap is raised completes it", async () => {
    const id = await callWith(await recordedCall());
    expect(await processRecording(withConfig({ VOICE_MAX_RECORDING_BYTES: 1024 }), id)).toBe("failed");
    expect((await detail(id)).recording?.reason).toMatch(/^too_large:/);
    const retry = await hub.api("POST", `/api/conversations/${id}/recording/retry`);
    expect(retry.status).toBe(202);
    expect((retry.body as Detail).recording?.state).toBe("recording_pending");
    expect((await hub.api("POST", `/api/conversations/${id}/recording/retry`)).status).toBe(409);
    expect(await processRecording(withConfig({ VOICE_STT_PROVIDER: "ringcentral" }), id)).toBe("synced");
  }, 60_000);

  it("provider down: retried, then dead-lettered and visible; retry after recovery succeeds", async () => {
    const id = await callWith(await recordedCall());
    const deps = withConfig({ VOICE_STT_PROVIDER: "ringcentral", VOICE_MAX_ATTEMPTS: 2 });
    await sim("POST", "/_sim/ai/outage", { down: true });
    try {
      await expect(processRecording(deps, id)).rejects.toThrow(/RingCentral AI/);
      const mid = await detail(id);
      expect(mid.recording?.state).toBe("downloaded");
      expect(mid.recording?.reason).toMatch(/RingCentral AI/);
      expect(await processRecording(deps, id)).toBe("failed");
      expect((await detail(id)).recording?.reason).toMatch(/^dead-lettered after 2 attempts/);
    } finally {
      await sim("POST", "/_sim/ai/outage", { down: false });
    }
    expect((await hub.api("POST", `/api/conversations/${id}/recording/retry`)).status).toBe(202);
    expect(await processRecording(deps, id)).toBe("synced");
  }, 60_000);

  it("the call-log sync registers the recording once and queues its pipeline job", async () => {
    const call = await sim("POST", "/_sim/calls", { extensionId, direction: "Inbound", from: "+14155550109" });
    const tsid = String(call.telephonySessionId);
    await sim("POST", `/_sim/calls/${tsid}/end`, {});
    await sim("POST", "/_sim/call-log/flush");
    const id = newId("cnv");
    await hub.deps.database.db.insert(conversations).values({
      id,
      workspaceId: hub.workspaceId,
      connectionId,
      platform: "ringcentral",
      channel: "call",
      externalId: `${tsid}/${extensionId}`,
      status: "ended",
      startedAt: new Date(),
      endedAt: new Date(),
      details: { telephonySessionId: tsid },
    });
    // The batch read attaches the record; a second read (a redelivered job) finds nothing left to attach.
    // (Other calls of this file may still be waiting, so the batch's own outcome is not asserted.)
    await syncCallLog(hub.deps, connectionId);
    await syncCallLog(hub.deps, connectionId);
    const rows = await hub.deps.database.db.select().from(callRecordings).where(eq(callRecordings.conversationId, id));
    expect(rows.map((r) => r.state)).toEqual(["recording_pending"]);
    const jobs = await hub.deps.database.pool.query<{ n: string }>(
      "select count(*)::text as n from graphile_worker.jobs where task_identifier = 'process-recording' and key = $1",
      [`recording:${id}`],
    );
    expect(jobs.rows[0]?.n).toBe("1");
  }, 60_000);

  it("notes the summary on the caller's Chatwoot chat through one durable command", async () => {
    const db = hub.deps.database.db;
    const [cw] = await db
      .select()
      .from(connections)
      .where(and(eq(connections.workspaceId, hub.workspaceId), eq(connections.platform, "chatwoot")));
    const phone = "+14155550177";
    await db.insert(conversations).values({
      id: newId("cnv"),
      workspaceId: hub.workspaceId,
      connectionId: cw?.id ?? "",
      platform: "chatwoot",
      channel: "chat",
      externalId: "4242",
      customer: { phone, platformId: "77" },
      status: "active",
      startedAt: new Date(),
      details: {},
    });
    const id = await callWith(await recordedCall(), phone);
    const deps = withConfig({ VOICE_STT_PROVIDER: "ringcentral" });
    expect(await processRecording(deps, id)).toBe("synced");
    const notes = await db
      .select()
      .from(commands)
      .where(
        eq(
          commands.idempotencyKey,
          `note:voice-summary:${id}:${(await db.select().from(conversations).where(eq(conversations.externalId, "4242")))[0]?.id}`,
        ),
      );
    expect(notes).toHaveLength(1);
    const payload = notes[0]?.payload as { kind: string; conversationId: string; text: string };
    expect(payload.kind).toBe("chatwoot.note_call");
    expect(payload.conversationId).toBe("4242");
    expect(payload.text).toMatch(/^📞 Call summary \(\+14155550177\):\nReason: /);
  }, 60_000);

  it("unknown conversation: retry is 404", async () => {
    expect((await hub.api("POST", "/api/conversations/cnv_nope/recording/retry")).status).toBe(404);
  });
});
