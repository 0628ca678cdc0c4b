import { and, eq } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/helpers/database.ts";
import type { Database } from "../db/database.ts";
import { agents, chatConversations, chatGroupMembers, chatGroups } from "../db/schema/index.ts";
import { availabilityFacts, initialAgentState, startChat } from "../domain/availability/index.ts";
import { newId } from "../lib/ids.ts";
import { stateOf } from "./candidates.ts";
import { closeConversation } from "./lifecycle.ts";
import { routeQueue } from "./route-run.ts";
import { exclusion } from "./routing.ts";
import { createSession } from "./sessions.ts";

let database: Database & { drop(): Promise<void> };
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

type AgentSpec = { capacity: number; maxChats: number; liveChats: number; strategy: number };

async function seedWorkspace(specs: AgentSpec[], strategy: "round_robin" | "least_loaded" | "sticky") {
  const db = database.db;
  const workspaceId = newId("wsp");
  const groupId = newId("grp");
  await db
    .insert(chatGroups)
    .values({ id: groupId, workspaceId, name: "Support", routingStrategy: strategy, isDefault: true });
  for (const [i, spec] of specs.entries()) {
    const id = newId("agt");
    let state = initialAgentState({ capacity: spec.capacity });
    for (let c = 0; c < spec.liveChats; c++)
      state = startChat(state, { platform: "livechat", id: `lc-${i}-${c}`, at: new Date().toISOString() }).state;
    await db.insert(agents).values({
      id,
      workspaceId,
      name: `Agent ${i}`,
      email: `a${i}@example.com`,
      capacity: spec.capacity,
      maxChats: spec.maxChats,
      state: state as unknown as Record<string, unknown>,
    });
    await db.insert(chatGroupMembers).values({ workspaceId, groupId, agentId: id });
  }
  return { workspaceId, groupId };
}

/** The invariants that must hold at any moment: no agent over capacity, none over its chat limit. */
async function checkInvariants(workspaceId: string): Promise<void> {
  const rows = await database.db.select().from(agents).where(eq(agents.workspaceId, workspaceId));
  for (const row of rows) {
    const state = stateOf(row);
    const facts = availabilityFacts(state);
    expect(facts.load, `${row.name} load`).toBeLessThanOrEqual(state.capacity);
    const builtin = state.engagements.filter((e) => e.platform === "builtin").length;
    expect(builtin, `${row.name} built-in chats`).toBeLessThanOrEqual(row.maxChats);
    const assigned = await database.db
      .select({ id: chatConversations.id })
      .from(chatConversations)
      .where(and(eq(chatConversations.agentId, row.id), eq(chatConversations.status, "assigned")));
    expect(assigned.length, `${row.name}: assigned conversations = built-in engagements`).toBe(builtin);
  }
}

describe("routing under concurrency (real PostgreSQL)", () => {
  it("never puts an agent over capacity or its chat limit, and leaves no chat waiting while someone has room", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            capacity: fc.constantFrom(40, 60, 100),
            maxChats: fc.integer({ min: 1, max: 4 }),
            liveChats: fc.integer({ min: 0, max: 2 }),
            strategy: fc.constant(0),
          }),
          { minLength: 2, maxLength: 6 },
        ),
        fc.constantFrom("round_robin" as const, "least_loaded" as const, "sticky" as const),
        fc.integer({ min: 10, max: 30 }),
        fc.integer({ min: 0, max: 6 }),
        async (specs, strategy, sessions, closes) => {
          const { workspaceId } = await seedWorkspace(specs, strategy);
          const now = () => Date.now();
          // Sessions arrive concurrently while several "workers" route the same queue at once.
          const created: string[] = [];
          const work: Promise<unknown>[] = [];
          for (let i = 0; i < sessions; i++) {
            work.push(
              createSession(database.db, {
                workspaceId,
                visitor: { name: `V${i}` },
                message: `hello ${i}`,
                nowMs: now(),
              }).then((r) => {
                if (r) created.push(r.created.conversationId);
              }),
            );
            if (i % 4 === 0) work.push(routeQueue(database.db, workspaceId, now));
          }
          await Promise.all(work);
          await checkInvariants(workspaceId);
          // Close some chats while routers run: freed capacity is reused, never double-booked.
          const closing = created
            .slice(0, closes)
            .map((id) =>
              database.db.transaction((tx) => closeConversation(tx, workspaceId, id, { nowMs: now(), by: "test" })),
            );
          await Promise.all([
            ...closing,
            routeQueue(database.db, workspaceId, now),
            routeQueue(database.db, workspaceId, now),
          ]);
          await routeQueue(database.db, workspaceId, now);
          await checkInvariants(workspaceId);
          // Work-conserving: if anything still waits, nobody in the group is eligible.
          const waiting = await database.db
            .select({ id: chatConversations.id })
            .from(chatConversations)
            .where(and(eq(chatConversations.workspaceId, workspaceId), eq(chatConversations.status, "queued")));
          if (waiting.length > 0) {
            const rows = await database.db.select().from(agents).where(eq(agents.workspaceId, workspaceId));
            for (const row of rows) {
              const reason = exclusion({
                agentId: row.id,
                deleted: false,
                inGroup: true,
                chatEnabled: row.chatEnabled,
                maxChats: row.maxChats,
                state: stateOf(row),
              });
              expect(reason, `${row.name} has room while chats wait`).not.toBe("eligible");
            }
          }
        },
      ),
      { numRuns: 8 },
    );
  }, 240_000);
});
