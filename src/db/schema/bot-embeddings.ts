import { index, pgTable, primaryKey, real, text, timestamp } from "drizzle-orm/pg-core";
import { botChunks } from "./bot-knowledge.ts";

/** A chunk's embedding by one embedding model (BOT_LLM_EMBEDDING_MODEL); gone with its chunk. */
export const botChunkEmbeddings = pgTable(
  "bot_chunk_embeddings",
  {
    chunkId: text("chunk_id")
      .notNull()
      .references(() => botChunks.id, { onDelete: "cascade" }),
    model: text("model").notNull(),
    workspaceId: text("workspace_id").notNull(),
    vector: real("vector").array().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.chunkId, t.model] }),
    index("bot_chunk_embeddings_workspace_idx").on(t.workspaceId, t.model),
  ],
);
