import { z } from "zod";

/**
 * What crosses web processes over PostgreSQL NOTIFY (channel `switchboard_chat`): ids and small counters only,
 * never message text. Receivers read what they need from the database.
 * e: new events in a conversation (up to `p`, its position) · c: a conversation's status or agent changed ·
 * q: a workspace's queue moved · t: someone is typing · r: a read mark moved · o: an offer changed.
 */
export const chatNoticeSchema = z.discriminatedUnion("k", [
  z.object({ k: z.literal("e"), w: z.string(), c: z.string(), p: z.number().int() }),
  z.object({ k: z.literal("c"), w: z.string(), c: z.string(), a: z.string().nullable().optional() }),
  z.object({ k: z.literal("q"), w: z.string() }),
  z.object({ k: z.literal("t"), w: z.string(), c: z.string(), by: z.enum(["agent", "visitor"]), on: z.boolean() }),
  z.object({ k: z.literal("r"), w: z.string(), c: z.string(), by: z.enum(["agent", "visitor"]), p: z.number().int() }),
  z.object({ k: z.literal("o"), w: z.string(), c: z.string(), a: z.string() }),
]);
export type ChatNotice = z.infer<typeof chatNoticeSchema>;

export const CHAT_CHANNEL = "switchboard_chat";
