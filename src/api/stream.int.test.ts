import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../../test/helpers/hub.ts";
import { newWorkspace, type Session, signedIn } from "../../test/helpers/sessions.ts";
import { newId } from "../lib/ids.ts";
import { conversationHandler } from "../sync/conversations.ts";
import { notifyLive } from "../sync/live.ts";

let hub: TestHub;
let mine: Session;
let theirs: { workspaceId: string; session: Session };

/** An open SSE connection: `next()` resolves with each event in order; a comment line `: ready` opens it. */
async function open(query: string, headers: Record<string, string> = {}) {
  const abort = new AbortController();
  const res = await fetch(`${hub.url}/api/stream${query}`, { headers, signal: abort.signal });
  if (res.status !== 200 || !res.body)
    return { status: res.status, next: async () => undefined, close: () => abort.abort() };
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const frames: string[] = [];
  const next = async (): Promise<
    { event: string; data: { workspaceId: string; type: string; id: string } } | undefined
  > => {
    for (;;) {
      const frame = frames.shift();
      if (frame !== undefined) {
        const event = /^event: (.+)$/m.exec(frame)?.[1];
        const data = /^data: (.+)$/m.exec(frame)?.[1];
        if (event && data) return { event, data: JSON.parse(data) };
        continue;
      }
      const chunk = await reader.read();
      if (chunk.done) return undefined;
      buffer += decoder.decode(chunk.value, { stream: true });
      const parts = buffer.split("\n\n");
      buffer = parts.pop() ?? "";
      frames.push(...parts);
    }
  };
  // Wait until the listener is in place: events committed after this are delivered.
  while (!buffer.includes(": ready") && !frames.some((f) => f.includes(": ready"))) {
    const chunk = await reader.read();
    if (chunk.done) break;
    buffer += decoder.decode(chunk.value, { stream: true });
  }
  const parts = buffer.split("\n\n");
  buffer = parts.pop() ?? "";
  frames.push(...parts);
  return { status: res.status, headers: res.headers, next, close: () => abort.abort() };
}

beforeAll(async () => {
  hub = await startTestHub();
  mine = await signedIn(hub, "agent");
  const ws = await newWorkspace(hub, "Elsewhere");
  theirs = { workspaceId: ws, session: await signedIn(hub, "agent", { workspaceId: ws }) };
});
afterAll(async () => hub?.stop());

describe("GET /api/stream", () => {
  it("refuses a caller without credentials", async () => {
    const s = await open("");
    expect(s.status).toBe(401);
  });

  it("streams the caller's workspace only, authenticated by ?access_token=", async () => {
    const s = await open(`?access_token=${mine.accessToken}`);
    expect(s.status).toBe(200);
    expect(s.headers?.get("content-type")).toContain("text/event-stream");
    const db = hub.deps.database.db;
    await notifyLive(db, { workspaceId: theirs.workspaceId, type: "agent.updated", id: "agt_theirs" });
    await notifyLive(db, { workspaceId: hub.workspaceId, type: "agent.updated", id: "agt_mine" });
    // Delivered in commit order: the first event this client sees is its own workspace's.
    expect(await s.next()).toEqual({
      event: "agent.updated",
      data: { workspaceId: hub.workspaceId, type: "agent.updated", id: "agt_mine" },
    });
    s.close();
  });

  it("tells about a conversation the worker records, to a client signed in with the refresh cookie", async () => {
    const s = await open("", { cookie: theirs.session.cookie });
    expect(s.status).toBe(200);
    await hub.deps.database.db.transaction((tx) =>
      conversationHandler(
        tx,
        { workspaceId: theirs.workspaceId, connectionId: "con_x", eventId: newId("evt"), nowMs: hub.deps.now() },
        {
          type: "chat.started",
          platform: "livechat",
          chatId: "LIVE-1",
          agentIds: [],
          customer: {},
          messages: [],
          at: new Date().toISOString(),
        },
      ),
    );
    const event = await s.next();
    expect(event?.event).toBe("conversation.updated");
    expect(event?.data.workspaceId).toBe(theirs.workspaceId);
    expect(event?.data.id).toMatch(/^cnv_/);
    // Left open on purpose: stopping the hub must end live streams rather than wait for them.
  });

  it("rejects an access token in the query string on ordinary routes", async () => {
    const res = await fetch(`${hub.url}/api/conversations?access_token=${mine.accessToken}`);
    expect(res.status).toBe(401);
  });
});
