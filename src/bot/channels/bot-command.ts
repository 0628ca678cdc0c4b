import type { CommandPayload } from "../../commands/kinds.ts";
import type { PlatformError } from "../../lib/http-client.ts";
import type { Result } from "../../lib/result.ts";

/** The bot's two command kinds, and what sending one on a channel returns. */
export type BotCommand = Extract<CommandPayload, { kind: "bot.reply" | "bot.handoff" }>;
export type BotSendOutcome = Result<{ externalId?: string }, PlatformError>;

export const isBotCommand = (p: CommandPayload): p is BotCommand => p.kind === "bot.reply" || p.kind === "bot.handoff";
