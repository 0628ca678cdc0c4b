import type { Headers } from "../../platforms/types.ts";
import type { InboundMessage } from "../loop-rules.ts";
import type { InboxCredentials } from "../settings.ts";

/** The id the bot attaches to everything it sends, to recognise its own echoes whatever the platform reports. */
export const BOT_MARKER_KEY = "switchboard_bot";

/** What a channel's webhook says, normalised. */
export type ChannelEvent =
  | {
      kind: "message";
      conversationId: string;
      contactKey: string | null;
      messageId: string;
      message: InboundMessage;
      /** The platform's own view of who owns it, when it says (Chatwoot: pending = bot). */
      platformOwner: "bot" | "human" | "closed" | null;
    }
  | { kind: "status"; conversationId: string; owner: "bot" | "human" | "closed"; detail: string }
  | { kind: "ignored"; reason: string };

export type VerifiedBody = { ok: true; dedupeKey: string; body: unknown } | { ok: false; reason: string };

/** One channel's inbound side: authenticity (pure, raw bytes) and normalisation. */
export type ChannelInbound = {
  verify(input: { rawBody: Buffer; headers: Headers; credentials: InboxCredentials; nowMs: number }): VerifiedBody;
  parse(body: unknown): ChannelEvent;
};
