import type { CommandKindName, CommandPayload } from "../commands/kinds.ts";
import type { PlatformId } from "../domain/platform.ts";

/**
 * Which platform module executes each command kind. Adding a kind to `commands/kinds.ts` is a compile error here
 * until it has an owner. Bot commands are sent with the bot's own credentials by `src/bot/channels/send.ts`.
 */
export const commandOwners = {
  "livechat.set_routing_status": "livechat",
  "livechat.note_call": "livechat",
  "chatwoot.set_availability": "chatwoot",
  "chatwoot.note_call": "chatwoot",
  "ringcentral.set_presence": "ringcentral",
  "ringcentral.post_message": "ringcentral",
  "bot.reply": "bot",
  "bot.handoff": "bot",
} as const satisfies Record<CommandKindName, PlatformId | "bot">;

type Owners = typeof commandOwners;

/** The command kinds platform `P` executes. */
export type PlatformCommandKind<P extends PlatformId | "bot"> = {
  [K in CommandKindName]: Owners[K] extends P ? K : never;
}[CommandKindName];

/** The command payloads platform `P` executes. */
export type PlatformCommand<P extends PlatformId | "bot"> = Extract<CommandPayload, { kind: PlatformCommandKind<P> }>;

/** Narrows a payload to the commands of its owner `owner` (checked against the map at run time). */
export const isOwnedBy = <P extends PlatformId | "bot">(
  owner: P,
  payload: CommandPayload,
): payload is PlatformCommand<P> => commandOwners[payload.kind] === owner;
