import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../db/database.ts";
import { botInboxes } from "../db/schema/index.ts";
import { decrypt, encrypt } from "../lib/crypto.ts";
import { type InboxCredentials, type InboxSettings, inboxCredentialsSchema, inboxSettingsSchema } from "./settings.ts";

export type BotInbox = { id: string; settings: InboxSettings; credentials: InboxCredentials; updatedAt: Date };

/** The configuration `POST /api/bot/ask` uses when no inbox is named: what a new inbox would do. */
export const DEFAULT_SETTINGS: InboxSettings = inboxSettingsSchema.parse({ channel: "widget" });

export async function loadInbox(
  db: DbOrTx,
  secretKey: Buffer,
  workspaceId: string,
  id: string,
): Promise<BotInbox | null> {
  const [row] = await db
    .select()
    .from(botInboxes)
    .where(and(eq(botInboxes.workspaceId, workspaceId), eq(botInboxes.id, id)));
  if (!row) return null;
  return {
    id: row.id,
    settings: inboxSettingsSchema.parse(row.settings),
    credentials: row.credentials ? inboxCredentialsSchema.parse(JSON.parse(decrypt(row.credentials, secretKey))) : {},
    updatedAt: row.updatedAt,
  };
}

export async function listInboxes(
  db: DbOrTx,
  workspaceId: string,
): Promise<Array<{ id: string; settings: InboxSettings }>> {
  const rows = await db.select().from(botInboxes).where(eq(botInboxes.workspaceId, workspaceId));
  return rows.map((r) => ({ id: r.id, settings: inboxSettingsSchema.parse(r.settings) }));
}

/** Saves settings; credentials given are merged over the stored ones (a field set to "" removes it). */
export async function saveInbox(
  db: DbOrTx,
  secretKey: Buffer,
  workspaceId: string,
  id: string,
  settings: InboxSettings,
  credentials: InboxCredentials | undefined,
): Promise<BotInbox> {
  const current = await loadInbox(db, secretKey, workspaceId, id);
  const merged: InboxCredentials = { ...(current?.credentials ?? {}) };
  for (const [key, value] of Object.entries(credentials ?? {}) as Array<[keyof InboxCredentials, string | undefined]>) {
    if (value === undefined) continue;
    if (value === "") delete merged[key];
    else merged[key] = value;
  }
  const sealed = Object.keys(merged).length > 0 ? encrypt(JSON.stringify(merged), secretKey) : null;
  const updatedAt = new Date();
  await db
    .insert(botInboxes)
    .values({ workspaceId, id, settings, credentials: sealed, updatedAt })
    .onConflictDoUpdate({
      target: [botInboxes.workspaceId, botInboxes.id],
      set: { settings, credentials: sealed, updatedAt },
    });
  return { id, settings, credentials: merged, updatedAt };
}
