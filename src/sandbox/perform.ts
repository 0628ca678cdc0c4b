import { z } from "zod";
import { DEMO_AGENTS } from "../../sim/shared/demo-team.ts";
import type { IntentStatus } from "../domain/availability/index.ts";
import type { DayAction } from "./day-script.ts";
import { type SandboxUrls, SimError, simCall } from "./sim-api.ts";

export type Outcome = { ok: true; ref?: string } | { ok: false; refused: boolean; error: string };

const lcChat = z.object({ chatId: z.string(), customerId: z.string() });
const cwConversation = z.object({ conversationId: z.number() });
const rcCall = z.object({ telephonySessionId: z.string() });
const anything = z.unknown();

type ChatRef = { platform: "livechat"; id: string; customerId: string } | { platform: "chatwoot"; id: number };

const LIVECHAT_STATUS: Record<IntentStatus, string> = {
  available: "accepting_chats",
  away: "not_accepting_chats",
  // UNCONFIRMED whether LiveChat emits `offline` for a person (sim/livechat/scenario.ts); the day never sends it.
  offline: "offline",
};
const CHATWOOT_STATUS: Record<IntentStatus, string> = { available: "online", away: "busy", offline: "offline" };
/** What a person picks in the RingCentral app: Available (clearing DND), Busy, or Invisible (Offline). */
const RINGCENTRAL_STATUS: Record<IntentStatus, { userStatus: string; dndStatus?: string }> = {
  available: { userStatus: "Available", dndStatus: "TakeAllCalls" },
  away: { userStatus: "Busy" },
  offline: { userStatus: "Offline" },
};

/**
 * Turns one script action into the sandbox request a person's action would cause, remembering which sandbox id
 * each script chat and call got. 409s (not accepting chats, call in the wrong state) are refusals, not faults.
 */
export function createPerformer(urls: SandboxUrls, chatwootIds: readonly number[]) {
  const chats = new Map<string, ChatRef>();
  const calls = new Map<string, string>();
  const agentOf = (i: number) => {
    const agent = DEMO_AGENTS[i];
    if (!agent) throw new Error(`no demo agent ${i}`);
    return agent;
  };

  async function act(action: DayAction): Promise<string | undefined> {
    const agent = agentOf(action.agent);
    switch (action.kind) {
      case "chat.start": {
        const { name, email, phone } = action.customer;
        if (action.platform === "livechat") {
          const res = await simCall(lcChat, `${urls.livechat}/_sim/chats`, {
            agentId: agent.email,
            customer: { name, email, phone },
            message: action.text,
          });
          chats.set(action.chat, { platform: "livechat", id: res.chatId, customerId: res.customerId });
          return res.chatId;
        }
        const res = await simCall(cwConversation, `${urls.chatwoot}/_sim/conversations`, {
          inboxId: 2,
          contact: { name, email, phone },
          assigneeId: chatwootIds[action.agent],
          text: action.text,
        });
        chats.set(action.chat, { platform: "chatwoot", id: res.conversationId });
        return `#${res.conversationId}`;
      }
      case "chat.message":
      case "chat.end": {
        const ref = chats.get(action.chat);
        if (!ref) throw new SimError(409, `chat ${action.chat} never started`);
        if (action.kind === "chat.end") chats.delete(action.chat);
        if (ref.platform === "livechat") {
          const base = `${urls.livechat}/_sim/chats/${encodeURIComponent(ref.id)}`;
          if (action.kind === "chat.end")
            await simCall(anything, `${base}/close`, action.by === "customer" ? { userId: ref.customerId } : {});
          else
            await simCall(anything, `${base}/messages`, {
              authorId: action.from === "customer" ? "customer" : agent.email,
              text: action.text,
            });
          return ref.id;
        }
        const base = `${urls.chatwoot}/_sim/conversations/${ref.id}`;
        if (action.kind === "chat.end") await simCall(anything, `${base}/resolve`, {});
        else
          await simCall(anything, `${base}/messages`, {
            from: action.from === "customer" ? "contact" : "agent",
            text: action.text,
          });
        return `#${ref.id}`;
      }
      case "call.start": {
        const inbound = action.direction === "Inbound";
        const res = await simCall(rcCall, `${urls.ringcentral}/_sim/calls`, {
          extensionId: agent.extensionNumber,
          direction: action.direction,
          from: inbound ? action.customer.phone : agent.phone,
          to: inbound ? agent.phone : action.customer.phone,
          answer: !action.ringing,
        });
        calls.set(action.call, res.telephonySessionId);
        return res.telephonySessionId;
      }
      case "call.answer":
      case "call.hold":
      case "call.unhold":
      case "call.end": {
        const id = calls.get(action.call);
        if (!id) throw new SimError(409, `call ${action.call} never started`);
        if (action.kind === "call.end") calls.delete(action.call);
        const verb = action.kind.slice("call.".length);
        await simCall(
          anything,
          `${urls.ringcentral}/_sim/calls/${encodeURIComponent(id)}/${verb}`,
          action.kind === "call.end" ? { by: action.by } : {},
        );
        return id;
      }
      case "status": {
        if (action.platform === "livechat")
          await simCall(anything, `${urls.livechat}/_sim/agents/${encodeURIComponent(agent.email)}/routing-status`, {
            status: LIVECHAT_STATUS[action.intent],
          });
        else if (action.platform === "chatwoot")
          await simCall(anything, `${urls.chatwoot}/_sim/agents/${chatwootIds[action.agent]}/availability`, {
            availability: CHATWOOT_STATUS[action.intent],
          });
        else
          await simCall(
            anything,
            `${urls.ringcentral}/_sim/extensions/${agent.extensionNumber}/presence`,
            RINGCENTRAL_STATUS[action.intent],
          );
        return undefined;
      }
    }
  }

  return async (action: DayAction): Promise<Outcome> => {
    try {
      const ref = await act(action);
      return ref === undefined ? { ok: true } : { ok: true, ref };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, refused: error instanceof SimError && error.status === 409, error: message };
    }
  };
}
