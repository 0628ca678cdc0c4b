import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../src/auth/users.ts";
import { conversation, createAgent, createGroup, eventually, FrameSocket, type Json, widget } from "../helpers/chat.ts";
import { startTestHub, type TestHub } from "../helpers/hub.ts";

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ worker: true, env: { WIDGET_RATE_PER_SESSION: "5", WIDGET_MAX_MESSAGE_CHARS: "200" } });
});
afterAll(async () => {
  await hub.stop();
});

type Session = { sessionToken: string; visitorId: string; conversationId: string; threadId: string; status: string };

async function startChat(message: string, groupId?: string): Promise<Session> {
  const res = await widget(hub, "POST", "/api/widget/sessions", undefined, {
    groupId,
    visitor: { name: "Vera Visitor", email: "vera@example.com" },
    message,
  });
  expect(res.status).toBe(201);
  return res.body as unknown as Session;
}

describe("built-in chat over HTTP and WebSocket", () => {
  let ada: string;
  let bob: string;
  let groupId: string;

  it("groups, members and agents' chat settings", async () => {
    ada = await createAgent(hub, "Ada", { maxChats: 1 });
    bob = await createAgent(hub, "Bob", { maxChats: 1 });
    groupId = await createGroup(hub, { name: "Support", routingStrategy: "round_robin", isDefault: true }, [ada, bob]);
    const group = (await hub.api("GET", `/api/chat/groups/${groupId}`)).body as Json;
    expect(group).toMatchObject({ name: "Support", routingStrategy: "round_robin", isDefault: true });
    expect((group.agentIds as string[]).sort()).toEqual([ada, bob].sort());
    const agent = (await hub.api("GET", `/api/agents/${ada}`)).body as { chat: Json };
    expect(agent.chat).toMatchObject({ maxChats: 1, enabled: true, role: "agent" });
    expect((await hub.api("POST", "/api/chat/groups", { name: "support", routingStrategy: "sticky" })).status).toBe(
      409,
    );
  });

  it("a widget session is routed, explained, answered live and closed", async () => {
    const s = await startChat("Hello, my order is late");
    expect(s.status).toBe("queued");
    const assigned = await eventually(async () => {
      const c = await conversation(hub, s.conversationId);
      return c.status === "assigned" ? c : undefined;
    });
    expect([ada, bob]).toContain(assigned.agentId);
    expect(assigned.activeThreadId).not.toBe(s.threadId);

    const routing = (await hub.api("GET", `/api/chat/conversations/${s.conversationId}/routing`)).body as {
      decisions: Array<{
        strategy: string;
        chosenAgentId: string;
        candidates: Array<{ agentId: string; eligible: boolean; reason: string }>;
      }>;
    };
    expect(routing.decisions[0]?.strategy).toBe("round_robin");
    expect(routing.decisions[0]?.chosenAgentId).toBe(assigned.agentId);
    expect(
      routing.decisions[0]?.candidates
        .filter((c) => c.eligible)
        .map((c) => c.agentId)
        .sort(),
    ).toEqual([ada, bob].sort());

    // The old thread closed with a system event; the new one opens with "<agent> joined".
    const first = (await hub.api("GET", `/api/chat/threads/${s.threadId}/events`)).body as { items: Json[] };
    expect(first.items.map((e) => [e.sequence, e.type, e.authorType])).toEqual([
      [1, "message", "visitor"],
      [2, "system", "system"],
    ]);
    const active = String(assigned.activeThreadId);
    const second = (await hub.api("GET", `/api/chat/threads/${active}/events`)).body as { items: Json[] };
    expect(second.items[0]).toMatchObject({ sequence: 1, type: "system" });
    expect(String(second.items[0]?.text)).toContain("joined");

    const visitorSocket = new FrameSocket(`${hub.url.replace("http", "ws")}/api/widget/ws?token=${s.sessionToken}`);
    await visitorSocket.opened;
    const posted = await hub.api("POST", `/api/chat/threads/${active}/events`, {
      type: "message",
      text: "Sorry! Let me check.",
      authorId: assigned.agentId,
    });
    expect(posted.status).toBe(201);
    await eventually(async () =>
      visitorSocket.events().some((e) => e.text === "Sorry! Let me check.") ? true : undefined,
    );
    // Every event once, in order, from the start of the conversation.
    const positions = visitorSocket.events().map((e) => e.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(new Set(positions).size).toBe(positions.length);

    const own = await widget(hub, "GET", "/api/widget/conversation", s.sessionToken);
    expect((own.body.events as Json[]).map((e) => e.text)).toContain("Sorry! Let me check.");

    const closed = await hub.api("POST", `/api/chat/conversations/${s.conversationId}/close`);
    expect((closed.body as Json).status).toBe("closed");
    await eventually(async () =>
      visitorSocket.frames.some((f) => f.type === "status" && f.status === "closed") ? true : undefined,
    );
    visitorSocket.close();
    const stats = (await hub.api("GET", `/api/agents/${String(assigned.agentId)}/stats`)).body as Json;
    expect(stats.builtinChat).toMatchObject({ chatsHandled: 1, activeChats: 0 });
    expect((stats.builtinChat as Json).averageFirstResponseSeconds).toEqual(expect.any(Number));
  });

  it("waits in FIFO order with its position and is assigned when capacity frees", async () => {
    const a = await startChat("one");
    const b = await startChat("two");
    await eventually(async () =>
      (await conversation(hub, b.conversationId)).status === "assigned" ? true : undefined,
    );
    const c = await startChat("three");
    const waiting = await eventually(async () => {
      const conv = await conversation(hub, c.conversationId);
      return conv.queuePosition === 1 ? conv : undefined;
    });
    expect(waiting.status).toBe("queued");
    const d = await startChat("four");
    expect((await conversation(hub, d.conversationId)).queuePosition).toBe(2);
    const routing = (await hub.api("GET", `/api/chat/conversations/${c.conversationId}/routing`)).body as {
      decisions: Array<{ chosenAgentId: string | null; candidates: Array<{ reason: string }> }>;
    };
    expect(routing.decisions[0]?.chosenAgentId).toBeNull();
    expect(routing.decisions[0]?.candidates.map((x) => x.reason)).toEqual(["max_chats", "max_chats"]);
    // Closing one frees a seat: the first in line gets it, the second moves up.
    await hub.api("POST", `/api/chat/conversations/${a.conversationId}/close`);
    await eventually(async () =>
      (await conversation(hub, c.conversationId)).status === "assigned" ? true : undefined,
    );
    expect(await conversation(hub, d.conversationId)).toMatchObject({ status: "queued", queuePosition: 1 });
    // An agent at capacity cannot be given more by hand either.
    const refused = await hub.api("POST", `/api/chat/conversations/${d.conversationId}/assign`, { agentId: ada });
    expect(refused.status).toBe(409);
    // More room for Ada: routing picks the waiting chat up.
    await hub.api("PATCH", `/api/agents/${ada}`, { maxChats: 3 });
    await eventually(async () =>
      (await conversation(hub, d.conversationId)).status === "assigned" ? true : undefined,
    );
  });

  it("bad input: 401, 404, 413, 429 with Retry-After", async () => {
    const s = await startChat("hi");
    const other = await startChat("me too");
    expect((await widget(hub, "GET", "/api/widget/conversation", "vst_not-a-token")).status).toBe(401);
    expect((await widget(hub, "POST", "/api/widget/messages", undefined, { text: "x" })).status).toBe(401);
    const foreign = await widget(hub, "POST", "/api/widget/messages", s.sessionToken, {
      text: "peek",
      conversationId: other.conversationId,
    });
    expect(foreign.status).toBe(404);
    expect(
      (await widget(hub, "POST", "/api/widget/sessions", undefined, { groupId: "grp_nope", message: "x" })).status,
    ).toBe(404);
    expect((await widget(hub, "POST", "/api/widget/messages", s.sessionToken, { text: "x".repeat(201) })).status).toBe(
      413,
    );
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 7; i++) {
      const r = await widget(hub, "POST", "/api/widget/messages", s.sessionToken, { text: `m${i}` });
      statuses.push(r.status);
      if (r.status === 429) retryAfter = r.headers.get("retry-after");
    }
    // 5 per minute per session; the over-long message above counted as one.
    expect(statuses.filter((x) => x === 201).length).toBeLessThanOrEqual(4);
    expect(statuses).toContain(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    const badSocket = new FrameSocket(`${hub.url.replace("http", "ws")}/api/widget/ws?token=vst_bad`);
    await eventually(async () => (badSocket.closed ? true : undefined));
  });

  it("soft-deletes and restores groups, tags and agents", async () => {
    const tag = (await hub.api("POST", "/api/chat/tags", { name: "billing", color: "#ff0000" })).body as Json;
    expect((await hub.api("DELETE", `/api/chat/tags/${String(tag.id)}`)).status).toBe(204);
    expect((await hub.api("GET", `/api/chat/tags/${String(tag.id)}`)).status).toBe(404);
    expect((await hub.api("POST", `/api/chat/tags/${String(tag.id)}/restore`)).status).toBe(200);
    const carl = await createAgent(hub, "Carl");
    expect((await hub.api("DELETE", `/api/agents/${carl}`)).status).toBe(204);
    expect((await hub.api("POST", `/api/agents/${carl}/restore`)).status).toBe(200);
    expect((await hub.api("GET", `/api/agents/${carl}`)).status).toBe(200);
    const g = await createGroup(hub, { name: "Temp", routingStrategy: "least_loaded" }, []);
    expect((await hub.api("DELETE", `/api/chat/groups/${g}`)).status).toBe(204);
    expect((await hub.api("POST", `/api/chat/groups/${g}/restore`)).status).toBe(200);
  });

  it("offer mode: an offer not accepted in time goes to the next agent, shows as missed, and sets nobody offline", async () => {
    const cy = await createAgent(hub, "Cy");
    const di = await createAgent(hub, "Di");
    const group = await createGroup(hub, { name: "Offers", routingStrategy: "round_robin", offerTimeoutSeconds: 5 }, [
      cy,
      di,
    ]);
    const first = [cy, di].sort()[0] ?? "";
    const second = first === cy ? di : cy;
    await createUser(hub.deps.database.db, {
      workspaceId: hub.workspaceId,
      email: "second@offers.test",
      name: "Second",
      role: "agent",
      password: "a-long-test-password",
      agentId: second,
    });
    const login = await widget(hub, "POST", "/api/auth/login", undefined, {
      email: "second@offers.test",
      password: "a-long-test-password",
    });
    const token = String(login.body.accessToken);
    const s = await startChat("offer me", group);
    const routing = async () =>
      (
        (await hub.api("GET", `/api/chat/conversations/${s.conversationId}/routing`)).body as {
          decisions: Array<{ chosenAgentId: string | null; candidates: Array<{ agentId: string; reason: string }> }>;
        }
      ).decisions;
    // Offered to the first in the rotation, who lets it time out; then to the second.
    await eventually(async () => ((await routing()).length >= 2 ? true : undefined), 30_000, "a second offer");
    const [one, two] = await routing();
    expect(one?.chosenAgentId).toBe(first);
    expect(two?.chosenAgentId).toBe(second);
    expect(two?.candidates.find((c) => c.agentId === first)?.reason).toBe("missed_offer");
    const missed = (await hub.api("GET", `/api/agents/${first}/stats`)).body as { builtinChat: Json };
    expect(missed.builtinChat.missedOffers).toBe(1);
    const firstAgent = (await hub.api("GET", `/api/agents/${first}`)).body as { intent: Json; engagements: unknown[] };
    expect(firstAgent.intent.status).toBe("available");
    expect(firstAgent.engagements).toEqual([]);
    const accepted = await widget(hub, "POST", `/api/chat/conversations/${s.conversationId}/accept`, token, {});
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: "assigned", agentId: second });
    const events = (await hub.api("GET", `/api/chat/threads/${s.threadId}/events`)).body as { items: Json[] };
    expect(events.items.map((e) => e.text)).toContain(`${first === cy ? "Cy" : "Di"} missed the offer`);
    // The visitor never sees internal notes.
    const own = await widget(hub, "GET", "/api/widget/conversation", s.sessionToken);
    expect((own.body.events as Json[]).some((e) => String(e.text).includes("missed"))).toBe(false);
  }, 60_000);
});
