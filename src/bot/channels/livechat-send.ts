import type { ConnectionRow } from "../../connections/repo.ts";
import { err } from "../../lib/result.ts";
import type { InboxCredentials } from "../settings.ts";
import type { BotCommand, BotSendOutcome } from "./send.ts";

/** LiveChat bot agent: not wired yet (see docs/bot.md). */
export async function sendLivechat(
  _connection: ConnectionRow,
  _credentials: InboxCredentials,
  _payload: BotCommand,
): Promise<BotSendOutcome> {
  return err({ kind: "invalid_response", message: "the LiveChat bot channel is not available yet", retryable: false });
}
