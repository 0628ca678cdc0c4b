import type { DbOrTx } from "../db/database.ts";
import { endChat, startChat } from "../domain/availability/index.ts";
import { runEngineStep, runEngineSteps } from "../sync/agent-engine.ts";

/**
 * A built-in chat is one more engagement in the availability engine, at the same cost as any chat: starting it
 * may pause the agent's LiveChat and Chatwoot routing and set the phone busy, exactly like a LiveChat chat would.
 */
export async function startBuiltinChat(
  tx: DbOrTx,
  input: { workspaceId: string; agentId: string; conversationId: string; nowMs: number },
): Promise<void> {
  const at = new Date(input.nowMs).toISOString();
  await runEngineStep(
    tx,
    {
      workspaceId: input.workspaceId,
      agentId: input.agentId,
      cause: `chat:${input.conversationId}`,
      nowMs: input.nowMs,
    },
    (state, actuals) => ({
      state: startChat(state, { platform: "builtin", id: input.conversationId, at }).state,
      actuals,
    }),
  );
}

/**
 * The built-in chats a routing pass gave out, per agent: one engine step per agent for all of its new chats, and
 * the steps' reads and writes done once for every agent (one lock statement, one desired-state decision each).
 */
export async function startBuiltinChats(
  tx: DbOrTx,
  input: { workspaceId: string; chats: ReadonlyMap<string, readonly string[]>; nowMs: number },
): Promise<void> {
  const at = new Date(input.nowMs).toISOString();
  await runEngineSteps(
    tx,
    { workspaceId: input.workspaceId, nowMs: input.nowMs },
    [...input.chats].map(([agentId, ids]) => ({
      agentId,
      cause: ids.length === 1 ? `chat:${ids[0]}` : `chat-route:${ids.length} chats`,
      step: (state, actuals) => ({
        state: ids.reduce((s, id) => startChat(s, { platform: "builtin", id, at }).state, state),
        actuals,
      }),
    })),
  );
}

export async function endBuiltinChat(
  tx: DbOrTx,
  input: { workspaceId: string; agentId: string; conversationId: string; nowMs: number },
): Promise<void> {
  const cause = `chat:${input.conversationId}`;
  await runEngineStep(
    tx,
    { workspaceId: input.workspaceId, agentId: input.agentId, cause, nowMs: input.nowMs },
    (state, actuals) => {
      // Our own end is authoritative: a clock read before waiting for the conversation's lock may be older than
      // the start another transaction recorded meanwhile, and the engine ignores an end older than the start.
      const started = state.engagements.find((e) => e.platform === "builtin" && e.id === input.conversationId);
      const at = new Date(Math.max(input.nowMs, started ? Date.parse(started.startedAt) : 0)).toISOString();
      return { state: endChat(state, { platform: "builtin", id: input.conversationId, at }).state, actuals };
    },
  );
}
