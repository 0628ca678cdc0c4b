import { z } from "zod";

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "HH:MM");
export const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;

export const businessHoursSchema = z.object({
  /** IANA time zone, e.g. Europe/Berlin. */
  timezone: z.string().min(1).max(64),
  /** Opening intervals per weekday; a day without an entry is closed. */
  days: z.partialRecord(z.enum(DAYS), z.array(z.tuple([time, time])).max(4)),
});
export type BusinessHours = z.infer<typeof businessHoursSchema>;

export const BOT_CHANNELS = ["chatwoot", "livechat", "widget"] as const;
export type BotChannel = (typeof BOT_CHANNELS)[number];

/** What a support lead configures per inbox (no secrets: those are write-only `credentials`). */
export const inboxSettingsSchema = z.object({
  enabled: z.boolean().default(false),
  channel: z.enum(BOT_CHANNELS),
  /** The Switchboard connection the channel's platform is reached through (Chatwoot, LiveChat). */
  connectionId: z.string().max(64).nullable().default(null),
  /** The platform's inbox (Chatwoot inbox id, LiveChat group id) this configuration applies to. */
  externalInboxId: z.string().max(64).nullable().default(null),
  /** Minimum retrieval confidence (0–1) to answer; below it the bot hands off. */
  threshold: z.number().min(0).max(1).default(0.6),
  greeting: z.string().max(1000).default(""),
  handoffMessage: z
    .string()
    .min(1)
    .max(1000)
    .default("Let me get a teammate for you. Someone will reply here shortly."),
  offHoursMessage: z
    .string()
    .max(1000)
    .default("Our team is offline right now; we will reply here as soon as we are back."),
  businessHours: businessHoursSchema.nullable().default(null),
  maxBotTurns: z.number().int().min(1).max(50).default(5),
  provider: z.enum(["extractive", "openai"]).default("extractive"),
  /** Chatwoot team or LiveChat group a handoff goes to (null: the platform's default routing). */
  handoffTeamId: z.string().max(64).nullable().default(null),
  /** Replies per conversation per minute before the bot stops and hands off (loop guard). */
  maxRepliesPerMinute: z.number().int().min(1).max(30).default(6),
});
export type InboxSettings = z.infer<typeof inboxSettingsSchema>;

/** Write-only secrets per channel, stored encrypted. */
export const inboxCredentialsSchema = z.object({
  /** Chatwoot agent bot: its access_token (replies and handoff) and signing secret (its webhook); LiveChat bot: its secret. */
  botAccessToken: z.string().max(256).optional(),
  botSecret: z.string().max(256).optional(),
  /** LiveChat bot agent: its id (32 hex) and secret, and the Client ID owning it. */
  botId: z.string().max(64).optional(),
  clientId: z.string().max(128).optional(),
  /** LiveChat organization id (for `issue_bot_token`). */
  organizationId: z.string().max(128).optional(),
  /** LiveChat webhooks' secret_key for the bot's webhook registrations. */
  webhookSecret: z.string().max(256).optional(),
});
export type InboxCredentials = z.infer<typeof inboxCredentialsSchema>;

export const INBOX_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

/** Whether `at` falls inside the opening hours; no hours configured means always open. */
export function withinBusinessHours(hours: BusinessHours | null, at: Date): boolean {
  if (!hours) return true;
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat("en-US", {
      timeZone: hours.timezone,
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).formatToParts(at);
  } catch {
    return true;
  }
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  const day = get("weekday").toLowerCase().slice(0, 3) as (typeof DAYS)[number];
  const now = `${get("hour")}:${get("minute")}`;
  return (hours.days[day] ?? []).some(([from, to]) => now >= from && now < to);
}
