import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../src/auth/users.ts";
import { eventually, FrameSocket, type Json } from "../helpers/chat.ts";
import { type HubCluster, startHubCluster } from "../helpers/hub-cluster.ts";

/**
 * Two `serve --no-worker` and two `worker` processes on one PostgreSQL. Visitors post through one web process
 * and listen on the other; an agent socket on web #2 follows every chat; workers route. Every socket must see
 * every event of its conversation exactly once and in order, across a reconnect too.
 */
let cluster: HubCluster;
beforeAll(async () => {
  cluster = await startHubCluster({
    webs: 2,
    workers: 2,
    env: { RECONCILE_INTERVAL_SECONDS: "3600" },
    readyTimeoutMs: 120_000,
  });
}, 180_000);
afterAll(async () => {
  await cluster?.stop();
});

const VISITORS = 6;
const MESSAGES = 8;

type Session = { sessionToken: string; conversationId: string };

async function post(web: number, path: string, body: unknown, token?: string): Promise<{ status: number; body: Json }> {
  const url = cluster.webs[web]?.url ?? "";
  const res = await fetch(`${url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token ?? cluster.adminKey}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Json };
}

const wsUrl = (web: number, path: string) => `${(cluster.webs[web]?.url ?? "").replace("http", "ws")}${path}`;

/** Positions strictly increasing by one from the first: nothing lost, repeated or reordered. */
function contiguous(positions: number[]): boolean {
  return positions.every((p, i) => i === 0 || p === (positions[i - 1] ?? 0) + 1);
}

describe("built-in chat across 2 web + 2 worker processes", () => {
  it("delivers every message exactly once, in order, to visitors and agents on either web process", async () => {
    const agents: string[] = [];
    for (const name of ["Mira", "Noel"]) {
      const res = await post(0, "/api/agents", { name, email: `${name.toLowerCase()}@chat.test` });
      expect(res.status).toBe(201);
      agents.push(String(res.body.id));
      await fetch(`${cluster.webs[0]?.url}/api/agents/${String(res.body.id)}`, {
        method: "PATCH",
        headers: { "content-type": "application/json", authorization: `Bearer ${cluster.adminKey}` },
        body: JSON.stringify({ maxChats: 5 }),
      });
    }
    const group = await post(1, "/api/chat/groups", { name: "Cluster", routingStrategy: "least_loaded" });
    await post(0, `/api/chat/groups/${String(group.body.id)}/agents`, { agentIds: agents });

    // A supervisor signed in on web #1 watches from web #2 (browsers cannot send headers on a WebSocket).
    await createUser(cluster.deps.database.db, {
      workspaceId: cluster.workspaceId,
      email: "lead@chat.test",
      name: "Lead",
      role: "supervisor",
      password: "a-long-test-password",
    });
    const login = await post(0, "/api/auth/login", { email: "lead@chat.test", password: "a-long-test-password" });
    const agentSocket = new FrameSocket(wsUrl(1, `/api/chat/ws?access_token=${String(login.body.accessToken)}`));
    await agentSocket.opened;
    const sessions: Session[] = [];
    for (let v = 0; v < VISITORS; v++) {
      const res = await post(v % 2, "/api/widget/sessions", {
        groupId: String(group.body.id),
        visitor: { name: `Visitor ${v}` },
        message: `v${v} m0`,
      });
      expect(res.status).toBe(201);
      sessions.push(res.body as unknown as Session);
      agentSocket.send({ type: "subscribe", conversationId: String(res.body.conversationId), after: 0 });
    }
    // Each visitor listens on the web process it does not post to.
    const sockets = sessions.map(
      (s, v) => new FrameSocket(wsUrl((v + 1) % 2, `/api/widget/ws?token=${s.sessionToken}`)),
    );
    await Promise.all(sockets.map((s) => s.opened));
    // Wait for routing (workers) so agents can answer.
    const threads = await eventually(
      async () => {
        const out: string[] = [];
        for (const s of sessions) {
          const res = await fetch(`${cluster.webs[0]?.url}/api/chat/conversations/${s.conversationId}`, {
            headers: { authorization: `Bearer ${cluster.adminKey}` },
          });
          const c = (await res.json()) as Json;
          if (c.status !== "assigned") return undefined;
          out.push(`${String(c.activeThreadId)}|${String(c.agentId)}`);
        }
        return out;
      },
      30_000,
      "every chat assigned",
    );

    for (let m = 1; m <= MESSAGES; m++) {
      await Promise.all(
        sessions.map(async (s, v) => {
          expect((await post(v % 2, "/api/widget/messages", { text: `v${v} m${m}` }, s.sessionToken)).status).toBe(201);
          const [threadId, agentId] = (threads[v] ?? "").split("|");
          const reply = await post((v + m) % 2, `/api/chat/threads/${threadId}/events`, {
            type: "message",
            text: `a${v} r${m}`,
            authorId: agentId,
          });
          expect(reply.status).toBe(201);
        }),
      );
      // Halfway, visitor 0 drops its socket and resumes from the last position it saw, on the other process.
      if (m === MESSAGES / 2) {
        const old = sockets[0];
        if (!old) throw new Error("no socket");
        old.close();
        const seen = old.events().at(-1)?.position ?? 0;
        const resumed = new FrameSocket(wsUrl(0, `/api/widget/ws?token=${sessions[0]?.sessionToken}&after=${seen}`));
        await resumed.opened;
        resumed.frames.unshift(...old.frames.filter((f) => f.type === "event"));
        sockets[0] = resumed;
      }
    }
    // Expected per conversation: 1 + MESSAGES visitor messages, MESSAGES agent replies, 2 system events of the assignment.
    const expected = 1 + 2 * MESSAGES + 2;
    await eventually(
      async () => (sockets.every((s) => s.events().length >= expected) ? true : undefined),
      30_000,
      "visitors to receive everything",
    );
    for (const [v, s] of sockets.entries()) {
      const events = s.events();
      expect(events.length, `visitor ${v}`).toBe(expected);
      expect(contiguous(events.map((e) => e.position)), `visitor ${v} order`).toBe(true);
      const texts = events.filter((e) => e.type === "message").map((e) => e.text);
      const wanted = [
        `v${v} m0`,
        ...Array.from({ length: MESSAGES }, (_, i) => [`v${v} m${i + 1}`, `a${v} r${i + 1}`]).flat(),
      ];
      expect(texts.sort()).toEqual(wanted.sort());
    }
    await eventually(
      async () =>
        sessions.every(
          (s) =>
            agentSocket.frames.filter(
              (f) => f.type === "event" && (f.event as Json).conversationId === s.conversationId,
            ).length >= expected,
        )
          ? true
          : undefined,
      30_000,
      "the agent socket to receive everything",
    );
    for (const s of sessions) {
      const positions = agentSocket.frames
        .filter((f) => f.type === "event" && (f.event as Json).conversationId === s.conversationId)
        .map((f) => Number((f.event as Json).position));
      expect(positions).toEqual(Array.from({ length: expected }, (_, i) => i + 1));
    }
    for (const s of [...sockets, agentSocket]) s.close();
  }, 180_000);
});
