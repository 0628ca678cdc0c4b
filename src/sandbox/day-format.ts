import { DEMO_AGENTS } from "../../sim/shared/demo-team.ts";
import type { DayAction } from "./day-script.ts";
import type { Outcome } from "./perform.ts";

const PLATFORM_NAMES = { livechat: "LiveChat", ringcentral: "RingCentral", chatwoot: "Chatwoot" } as const;

/** Simulated time of the day as +mm:ss. */
export function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `+${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
}

function what(action: DayAction): { platform: string; text: string } {
  switch (action.kind) {
    case "chat.start":
      return {
        platform: PLATFORM_NAMES[action.platform],
        text: `chat ${action.chat} from ${action.customer.name}: "${action.text}"`,
      };
    case "chat.message":
      return { platform: "chat", text: `${action.chat} ${action.from}: "${action.text}"` };
    case "chat.end":
      return { platform: "chat", text: `${action.chat} closed by the ${action.by}` };
    case "call.start":
      return {
        platform: PLATFORM_NAMES.ringcentral,
        text: `${action.direction.toLowerCase()} call ${action.call} ${action.direction === "Inbound" ? "from" : "to"} ${action.customer.name}${action.ringing ? " (ringing)" : ""}`,
      };
    case "call.answer":
      return { platform: PLATFORM_NAMES.ringcentral, text: `call ${action.call} answered` };
    case "call.hold":
      return { platform: PLATFORM_NAMES.ringcentral, text: `call ${action.call} on hold` };
    case "call.unhold":
      return { platform: PLATFORM_NAMES.ringcentral, text: `call ${action.call} resumed` };
    case "call.end":
      return { platform: PLATFORM_NAMES.ringcentral, text: `call ${action.call} hung up by the ${action.by}` };
    case "status":
      return { platform: PLATFORM_NAMES[action.platform], text: `sets themselves ${action.intent.toUpperCase()}` };
  }
}

/** One line per action: when, who, where, what, and what the sandbox said. */
export function describeAction(action: DayAction, outcome: Outcome): string {
  const who = (DEMO_AGENTS[action.agent]?.name ?? `agent ${action.agent}`).padEnd(18);
  const { platform, text } = what(action);
  const result = outcome.ok
    ? outcome.ref
      ? `  → ${outcome.ref}`
      : ""
    : `  ✗ ${outcome.refused ? "refused" : "failed"}: ${outcome.error}`;
  return `${clock(action.at)}  ${who}${platform.padEnd(12)}${text}${result}`;
}

/** Counts per action kind, for the line printed before a day starts. */
export function summarizeScript(actions: readonly DayAction[]): string {
  const counts = new Map<string, number>();
  for (const a of actions) {
    const key = a.kind === "chat.start" ? `${a.platform} chats` : a.kind === "status" ? "status changes" : a.kind;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${n} ${k}`).join(", ");
}
