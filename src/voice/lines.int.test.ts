import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../../test/helpers/hub.ts";
import { CircuitBreaker } from "../commands/circuit-breaker.ts";
import { executeCommand } from "../commands/execute.ts";
import { auditLog, chatConversations, chatEvents, commands, connections, conversations } from "../db/schema/index.ts";
import type { Deps } from "../deps.ts";
import { newId } from "../lib/ids.ts";
import { processRecording, registerRecording } from "./pipeline.ts";

let hub: TestHub;
let rcUrl: string;
let connectionId: string;
let ext: { id: string; phone: string };
let groupId: string;

const CALLER = "+14155550177";

type FollowUp = { mode: string; action: string; reason: string; taskConversationId?: string; smsCommandId?: string };
type Detail = {
  recording: { state: string } | null;
  transcript: { text: string } | null;
  summary: unknown;
  followUp: FollowUp | null;
  call: { followUp?: FollowUp } | null;
};

const sim = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${rcUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await res.json()) as unknown;
};

/** A sandbox call to the extension's number: answered, or missed with a voicemail left. Returns the recording. */
async function sandboxCall(kind: "answered" | "voicemail"): Promise<{ id: string; contentUri: string }> {
  const call = (await sim("POST", "/_sim/calls", {
    extensionId: ext.id,
    direction: "Inbound",
    from: CALLER,
    answer: kind === "answered",
  })) as { telephonySessionId: string };
  await sim("POST", `/_sim/calls/${call.telephonySessionId}/end`, kind === "voicemail" ? { voicemail: true } : {});
  await sim("POST", "/_sim/call-log/flush");
  const session = (await sim("GET", `/_sim/calls/${call.telephonySessionId}`)) as {
    parties: { recordingId?: string }[];
  };
  const id = session.parties.find((p) => p.recordingId)?.recordingId ?? "";
  expect(id).not.toBe("");
  return { id, contentUri: `${rcUrl}/restapi/v1.0/account/~/recording/${id}/content` };
}

/** The hub's call record as the telephony and call-log sync leave it (to = the line called), in the pipeline. */
async function callRecord(kind: "answered" | "voicemail"): Promise<string> {
  const recording = await sandboxCall(kind);
  const id = newId("cnv");
  const endedAt = new Date();
  const outcome =
    kind === "voicemail"
      ? { result: "Missed", callLogResult: "Voicemail" }
      : { result: "Answered", callLogResult: "Accepted" };
  await hub.deps.database.db.insert(conversations).values({
    id,
    workspaceId: hub.workspaceId,
    connectionId,
    platform: "ringcentral",
    channel: "call",
    externalId: `voice-line-${id}`,
    customer: { phone: CALLER },
    status: "ended",
    startedAt: new Date(endedAt.getTime() - 10_000),
    endedAt,
    details: { direction: "Inbound", from: CALLER, to: ext.phone, ...outcome, recording },
  });
  await registerRecording(hub.deps.database.db, { id, workspaceId: hub.workspaceId, connectionId, endedAt }, recording);
  return id;
}

const detail = async (id: string) => (await hub.api("GET", `/api/conversations/${id}`)).body as Detail;
const rcAi: () => Deps = () => ({ ...hub.deps, config: { ...hub.deps.config, VOICE_STT_PROVIDER: "ringcentral" } });
const setLine = (body: Record<string, unknown>) =>
  hub.api("PUT", `/api/voice/lines/${encodeURIComponent(ext.phone)}`, body);
const audits = (target: string) =>
  hub.deps.database.db.select().from(auditLog).where(eq(auditLog.target, target)).orderBy(asc(auditLog.id));

async function taskText(taskConversationId: string): Promise<{ groupId: string; text: string }> {
  const db = hub.deps.database.db;
  const [conv] = await db.select().from(chatConversations).where(eq(chatConversations.id, taskConversationId));
  const [first] = await db
    .select()
    .from(chatEvents)
    .where(and(eq(chatEvents.conversationId, taskConversationId), eq(chatEvents.type, "message")));
  return { groupId: conv?.groupId ?? "", text: first?.text ?? "" };
}

beforeAll(async () => {
  hub = await startTestHub({ sandboxes: true, sandboxEnv: { SIM_RINGCENTRAL_RATE_SCALE: "20" } });
  rcUrl = hub.sandboxes?.ringcentral.url ?? "";
  const [rc] = await hub.deps.database.db
    .select()
    .from(connections)
    .where(and(eq(connections.workspaceId, hub.workspaceId), eq(connections.platform, "ringcentral")));
  connectionId = rc?.id ?? "";
  const exts = (await sim("GET", "/_sim/extensions")) as { id: string; phone: string }[];
  ext = exts[0] ?? { id: "", phone: "" };
  const group = await hub.api("POST", "/api/chat/groups", { name: "Callbacks" });
  groupId = (group.body as { id: string }).id;
  const kb = await hub.api("POST", "/api/bot/documents", {
    title: "Delivery address",
    content:
      "# Change your delivery address\n\nTo change the delivery address of an order, open My orders, choose the order and " +
      "press Change delivery address before it ships. The new address applies to that order only.",
  });
  expect(kb.status).toBeLessThan(300);
  for (const [title, content] of [
    ["Refunds", "# Refunds\n\nRefunds are paid to the original card within five working days of the return arriving."],
    ["Opening hours", "# Opening hours\n\nThe support team answers the phone on weekdays from nine to five."],
  ])
    expect((await hub.api("POST", "/api/bot/documents", { title, content })).status).toBeLessThan(300);
}, 120_000);

afterAll(async () => {
  await hub?.stop();
});

describe("voice modes per RingCentral line", () => {
  it("the lines API: admin writes with reasons for bad input, audited, listed and deleted", async () => {
    expect((await hub.api("PUT", "/api/voice/lines/not-a-number", { mode: "triage" })).status).toBe(400);
    expect((await setLine({ mode: "sometimes" })).status).toBe(400);
    const transcribe = await setLine({ mode: "triage", transcribe: true });
    expect(transcribe.status).toBe(400);
    expect(JSON.stringify(transcribe.body)).toMatch(/human-only/);
    expect((await setLine({ mode: "triage", taskGroupId: "grp_nope" })).status).toBe(400);
    const put = await setLine({ mode: "triage", taskGroupId: groupId });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ line: ext.phone, mode: "triage", taskGroupId: groupId, threshold: 0.6 });
    const queue = await hub.api("PUT", "/api/voice/lines/6200101", { mode: "full-auto", threshold: 0.3 });
    expect(queue.status).toBe(200);
    const list = (await hub.api("GET", "/api/voice/lines")).body as { lines: { line: string; mode: string }[] };
    expect(list.lines.map((l) => [l.line, l.mode])).toEqual(
      [
        [ext.phone, "triage"],
        ["6200101", "full-auto"],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    expect((await hub.api("DELETE", "/api/voice/lines/6200101")).status).toBe(204);
    expect((await hub.api("DELETE", "/api/voice/lines/6200101")).status).toBe(404);
    expect((await audits("6200101")).map((a) => a.action)).toEqual(["voice_line.set", "voice_line.deleted"]);
    const anonymous = await hub.app.inject({
      method: "PUT",
      url: "/api/voice/lines/6200101",
      payload: { mode: "triage" },
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it("human-only: the recording is kept, not transcribed, no follow-up; with transcribe on it is summarised", async () => {
    expect((await setLine({ mode: "human-only" })).status).toBe(200);
    const id = await callRecord("voicemail");
    expect(await processRecording(rcAi(), id)).toBe("kept");
    const d = await detail(id);
    expect(d.recording?.state).toBe("kept");
    expect(d.transcript).toBeNull();
    expect(d.followUp).toMatchObject({ mode: "human-only", action: "none" });

    expect((await setLine({ mode: "human-only", transcribe: true })).status).toBe(200);
    const again = await callRecord("voicemail");
    expect(await processRecording(rcAi(), again)).toBe("synced");
    const d2 = await detail(again);
    expect(d2.transcript?.text.length).toBeGreaterThan(0);
    expect(d2.followUp).toMatchObject({ mode: "human-only", action: "none" });
    expect(await audits(again)).toEqual([]);
  }, 120_000);

  it("triage: a voicemail becomes a task in the line's chat group carrying the transcript; an answered call does not", async () => {
    expect((await setLine({ mode: "triage", taskGroupId: groupId })).status).toBe(200);
    const id = await callRecord("voicemail");
    expect(await processRecording(rcAi(), id)).toBe("synced");
    const d = await detail(id);
    expect(d.followUp?.action).toBe("task");
    const task = await taskText(d.followUp?.taskConversationId ?? "");
    expect(task.groupId).toBe(groupId);
    expect(task.text).toContain(d.transcript?.text ?? "(missing)");
    expect(task.text).toContain(CALLER);
    expect((await audits(id)).map((a) => a.action)).toEqual(["voice.follow_up.task"]);
    // On the call's record, which the customer timeline lists.
    expect(d.call?.followUp).toMatchObject({
      action: "task",
      taskConversationId: d.followUp?.taskConversationId,
    });
    // A redelivered job does not create a second task.
    expect(await processRecording(rcAi(), id)).toBe("synced");
    const tasks = await hub.deps.database.db.select().from(chatConversations);
    expect(tasks.filter((t) => t.id === d.followUp?.taskConversationId)).toHaveLength(1);

    const answered = await callRecord("answered");
    expect(await processRecording(rcAi(), answered)).toBe("synced");
    expect((await detail(answered)).followUp?.action).toBe("none");
    expect(await audits(answered)).toEqual([]);
  }, 120_000);

  it("full-auto: a voicemail the knowledge base answers is answered by SMS through RingCentral", async () => {
    expect((await setLine({ mode: "full-auto", taskGroupId: groupId, threshold: 0.05 })).status).toBe(200);
    const id = await callRecord("voicemail");
    expect(await processRecording(rcAi(), id)).toBe("synced");
    const d = await detail(id);
    expect(d.followUp).toMatchObject({ action: "sms" });
    const [cmd] = await hub.deps.database.db
      .select()
      .from(commands)
      .where(eq(commands.id, d.followUp?.smsCommandId ?? ""));
    expect(cmd?.kind).toBe("ringcentral.send_sms");
    await executeCommand(hub.deps, new CircuitBreaker(), cmd?.id ?? "");
    const [done] = await hub.deps.database.db
      .select()
      .from(commands)
      .where(eq(commands.id, cmd?.id ?? ""));
    expect(done?.status).toBe("succeeded");
    const sent = (await sim("GET", "/_sim/sms")) as { from: string; to: string[]; text: string }[];
    const sms = sent.at(-1);
    expect(sms?.from).toBe(ext.phone);
    expect(sms?.to).toEqual([CALLER]);
    expect(sms?.text.toLowerCase()).toContain("delivery address");
    expect((await audits(id)).map((a) => a.action)).toEqual(["voice.follow_up.sms"]);
    expect(d.call?.followUp).toMatchObject({ action: "sms" });
  }, 120_000);

  it("the customer timeline carries the call's transcript, summary and follow-up, and searches transcripts", async () => {
    const customer = await hub.api("POST", "/api/customers", { name: "Timeline caller" });
    expect(customer.status).toBe(201);
    const customerId = (customer.body as { id: string }).id;
    const ids = await hub.deps.database.db
      .select({ id: conversations.id })
      .from(conversations)
      .where(and(eq(conversations.workspaceId, hub.workspaceId), eq(conversations.channel, "call")));
    for (const { id } of ids)
      await hub.deps.database.db.update(conversations).set({ customerId }).where(eq(conversations.id, id));
    type Item = { id: string; voice: { transcript: { text: string } | null; followUp: FollowUp | null } | null };
    const timeline = async (q?: string) => {
      const res = await hub.api(
        "GET",
        `/api/customers/${customerId}/timeline${q ? `?q=${encodeURIComponent(q)}` : ""}`,
      );
      expect(res.status).toBe(200);
      return (res.body as { items: Item[] }).items;
    };
    const all = await timeline();
    expect(all).toHaveLength(ids.length);
    const transcribed = all.filter((i) => i.voice?.transcript);
    expect(transcribed.length).toBeGreaterThan(0);
    expect(all.some((i) => i.voice?.followUp?.action === "task")).toBe(true);
    expect(all.some((i) => i.voice?.followUp?.action === "sms")).toBe(true);
    // "addresses" finds the voicemails ("delivery address", stemmed); the kept (untranscribed) one is not found.
    const found = await timeline("addresses");
    expect(found.length).toBeGreaterThan(0);
    expect(found.length).toBeLessThan(all.length);
    for (const item of found) expect(item.voice?.transcript?.text.toLowerCase()).toContain("address");
    expect(await timeline("zebra crossing")).toEqual([]);
  }, 60_000);

  it("full-auto: below the threshold a person gets the task instead", async () => {
    expect((await setLine({ mode: "full-auto", taskGroupId: groupId, threshold: 1 })).status).toBe(200);
    const id = await callRecord("voicemail");
    expect(await processRecording(rcAi(), id)).toBe("synced");
    const d = await detail(id);
    expect(d.followUp?.action).toBe("task");
    expect(d.followUp?.reason).toMatch(/bot handed off/);
    expect((await audits(id)).map((a) => a.action)).toEqual(["voice.follow_up.task"]);
  }, 120_000);
});
