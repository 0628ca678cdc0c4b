import { index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

export const BOT_CONTENT_TYPES = ["text", "markdown", "html"] as const;
export type BotContentType = (typeof BOT_CONTENT_TYPES)[number];

/** A knowledge-base document; re-adding the same title replaces its chunks. */
export const botDocuments = pgTable(
  "bot_documents",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    title: text("title").notNull(),
    contentType: text("content_type").$type<BotContentType>().notNull(),
    sourceUrl: text("source_url"),
    content: text("content").notNull(),
    contentHash: text("content_hash").notNull(),
    chunkCount: integer("chunk_count").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("bot_documents_title_idx").on(t.workspaceId, t.title)],
);

/** A retrievable passage of a document, with the heading path it sits under. */
export const botChunks = pgTable(
  "bot_chunks",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    documentId: text("document_id")
      .notNull()
      .references(() => botDocuments.id, { onDelete: "cascade" }),
    ordinal: integer("ordinal").notNull(),
    heading: text("heading").notNull().default(""),
    text: text("text").notNull(),
  },
  (t) => [index("bot_chunks_document_idx").on(t.workspaceId, t.documentId, t.ordinal)],
);

/** The serialised BM25 index of a workspace: loaded, never rebuilt, by a restarted or second process. */
export const botIndexes = pgTable("bot_indexes", {
  workspaceId: text("workspace_id").primaryKey(),
  version: integer("version").notNull(),
  data: text("data").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
