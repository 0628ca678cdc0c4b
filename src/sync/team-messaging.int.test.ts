import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../../test/helpers/hub.ts";
import { agentIdentities, agents, commands, connections, conversations, messages } from "../db/schema/index.ts";
import { newId } from "../lib/ids.ts";
import { mirrorMessages } from "./team-messaging.ts";

/**
 * Team Messaging posts coalesce per chat: while a chat's post has not gone out (RingCentral's Medium budget is
 * spent, or it is being retried), new messages join it instead of queueing post after post.
 */
let hub: TestHub;
let agentId = "";
let conversationId = "";

beforeAll(async () => {
  hub = await startTestHub({ sandboxes: true });
  const db = hub.deps.database.db;
  const [agent] = await db
    .select({ id: agents.id })
    .from(agents)
    .innerJoin(
      agentIdentities,
      and(eq(agentIdentities.agentId, agents.id), eq(agentIdentities.platform, "ringcentral")),
    )
    .limit(1);
  agentId = agent?.id ?? "";
  const [lc] = await db.select().from(connections).where(eq(connections.platform, "livechat"));
  conversationId = newId("cnv");
  await db.insert(conversations).values({
    id: conversationId,
    workspaceId: hub.workspaceId,
    connectionId: lc?.id ?? "",
    platform: "livechat",
    channel: "chat",
    externalId: "CHAT1",
    agentId,
    customer: { name: "Rita" },
    status: "active",
    startedAt: new Date(),
  });
});

afterAll(async () => {
  await hub.stop();
});

let seq = 0;
async function say(text: string): Promise<void> {
  seq += 1;
  await hub.deps.database.db.insert(messages).values({
    id: newId("msg"),
    workspaceId: hub.workspaceId,
    conversationId,
    externalId: `m${seq}`,
    authorType: "customer",
    text,
    at: new Date(Date.now() + seq),
  });
}

const posts = () =>
  hub.deps.database.db
    .select()
    .from(commands)
    .where(and(eq(commands.kind, "ringcentral.post_message"), eq(commands.cause, `mirror:${conversationId}`)))
    .orderBy(commands.id);

describe("mirrorMessages", () => {
  it("adds later messages to the chat's post that has not gone out yet, and follows with a new one after", async () => {
    const db = hub.deps.database.db;
    await say("hello");
    expect(await mirrorMessages(db, conversationId)).toBe(1);
    // The post waits for RingCentral's Medium budget; the chat goes on.
    await db
      .update(commands)
      .set({ waitingReason: "RingCentral's Medium budget", waitingUntil: new Date(Date.now() + 60_000) })
      .where(eq(commands.cause, `mirror:${conversationId}`));
    await say("are you there?");
    await say("my order is late");
    expect(await mirrorMessages(db, conversationId)).toBe(2);
    let rows = await posts();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.payload.text).toBe("Chat CHAT1\nRita: hello\nRita: are you there?\nRita: my order is late");

    // Another post to the same agent (a chat-start note) joins it too; replaying that decision adds nothing.
    const { postToAgent } = await import("./team-messaging.ts");
    for (let i = 0; i < 2; i++)
      await postToAgent(db, hub.workspaceId, agentId, "💬 New chat CHAT2", "tm:chat-start:x", "evt_x");
    rows = await posts();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.payload.text).toBe(
      "Chat CHAT1\nRita: hello\nRita: are you there?\nRita: my order is late\n\n💬 New chat CHAT2",
    );

    // Once the post is being sent, the next messages follow in a new post.
    await db
      .update(commands)
      .set({ status: "running" })
      .where(eq(commands.id, rows[0]?.id ?? ""));
    await say("thanks");
    await mirrorMessages(db, conversationId);
    rows = await posts();
    expect(rows).toHaveLength(2);
    expect(rows[1]?.payload.text).toBe("Chat CHAT1\nRita: thanks");
  });

  it("splits a backlog longer than one post into several, losing no line", async () => {
    const db = hub.deps.database.db;
    await db
      .update(commands)
      .set({ status: "succeeded" })
      .where(eq(commands.cause, `mirror:${conversationId}`));
    const before = (await posts()).length;
    for (let i = 0; i < 60; i++) await say(`line ${i} ${"x".repeat(300)}`);
    await mirrorMessages(db, conversationId);
    const added = (await posts()).slice(before);
    expect(added.length).toBeGreaterThan(1);
    const text = added.map((p) => String(p.payload.text)).join("\n");
    for (let i = 0; i < 60; i++) expect(text).toContain(`line ${i} `);
    for (const p of added) expect(String(p.payload.text).length).toBeLessThanOrEqual(9000);
  });
});
