import { createHash } from "node:crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/database.ts";
import { type BotContentType, botChunks, botDocuments, botIndexes } from "../../db/schema/index.ts";
import { newId } from "../../lib/ids.ts";
import { KnowledgeIndex, type SearchOutcome } from "./bm25-index.ts";
import { chunkDocument } from "./chunk.ts";

export type DocumentInput = { title: string; content: string; contentType: BotContentType; sourceUrl?: string | null };
export type DocumentRow = typeof botDocuments.$inferSelect;
export type UpsertResult = { document: DocumentRow; outcome: "created" | "replaced" | "unchanged" };

type Cached = { version: number; index: KnowledgeIndex };

/**
 * The knowledge base of every workspace: documents and chunks in PostgreSQL, and the BM25 index serialised beside
 * them at a version. Writers serialise per workspace (advisory lock) and update the index incrementally; readers in
 * any process load the stored index once per version, so a restart or a second process never re-indexes.
 */
export class KnowledgeStore {
  readonly #db: Db;
  readonly #cache = new Map<string, Cached>();

  constructor(db: Db) {
    this.#db = db;
  }

  async upsert(workspaceId: string, input: DocumentInput): Promise<UpsertResult> {
    const hash = createHash("sha256").update(`${input.contentType}\n${input.content}`).digest("hex");
    let saved: Cached | null = null;
    const result = await this.#db.transaction(async (tx) => {
      await lockWorkspace(tx, workspaceId);
      const [existing] = await tx
        .select()
        .from(botDocuments)
        .where(and(eq(botDocuments.workspaceId, workspaceId), eq(botDocuments.title, input.title)));
      if (existing && existing.contentHash === hash) return { document: existing, outcome: "unchanged" as const };
      const index = await this.#loadForWrite(tx, workspaceId);
      const documentId = existing?.id ?? newId("doc");
      if (existing) index.remove(await chunkIdsOf(tx, workspaceId, existing.id));
      await tx.delete(botChunks).where(eq(botChunks.documentId, documentId));
      const chunks = chunkDocument(input.title, input.content, input.contentType).map((c, ordinal) => ({
        id: newId("chk"),
        workspaceId,
        documentId,
        ordinal,
        heading: c.heading,
        text: c.text,
      }));
      const values = {
        title: input.title,
        contentType: input.contentType,
        sourceUrl: input.sourceUrl ?? null,
        content: input.content,
        contentHash: hash,
        chunkCount: chunks.length,
        updatedAt: new Date(),
      };
      const [document] = existing
        ? await tx.update(botDocuments).set(values).where(eq(botDocuments.id, documentId)).returning()
        : await tx
            .insert(botDocuments)
            .values({ id: documentId, workspaceId, ...values })
            .returning();
      for (let i = 0; i < chunks.length; i += 500) await tx.insert(botChunks).values(chunks.slice(i, i + 500));
      index.add(chunks);
      saved = await this.#save(tx, workspaceId, index);
      if (!document) throw new Error("document write returned nothing");
      return { document, outcome: existing ? ("replaced" as const) : ("created" as const) };
    });
    // Only once committed does this process read its own write from memory (others load it once).
    if (saved) this.#cache.set(workspaceId, saved);
    return result;
  }

  async remove(workspaceId: string, documentId: string): Promise<boolean> {
    let saved: Cached | null = null;
    const removed = await this.#db.transaction(async (tx) => {
      await lockWorkspace(tx, workspaceId);
      const ids = await chunkIdsOf(tx, workspaceId, documentId);
      const deleted = await tx
        .delete(botDocuments)
        .where(and(eq(botDocuments.workspaceId, workspaceId), eq(botDocuments.id, documentId)))
        .returning({ id: botDocuments.id });
      if (deleted.length === 0) return false;
      const index = await this.#loadForWrite(tx, workspaceId);
      index.remove(ids);
      saved = await this.#save(tx, workspaceId, index);
      return true;
    });
    if (saved) this.#cache.set(workspaceId, saved);
    return removed;
  }

  async search(workspaceId: string, question: string, limit = 10): Promise<SearchOutcome> {
    return (await this.index(workspaceId)).search(question, limit);
  }

  /** The current index: one small version query, a load only when another process changed it. */
  async index(workspaceId: string): Promise<KnowledgeIndex> {
    const [row] = await this.#db
      .select({ version: botIndexes.version })
      .from(botIndexes)
      .where(eq(botIndexes.workspaceId, workspaceId));
    if (!row) return KnowledgeIndex.empty();
    const cached = this.#cache.get(workspaceId);
    if (cached && cached.version === row.version) return cached.index;
    const [full] = await this.#db.select().from(botIndexes).where(eq(botIndexes.workspaceId, workspaceId));
    if (!full) return KnowledgeIndex.empty();
    const index = KnowledgeIndex.load(full.data);
    this.#cache.set(workspaceId, { version: full.version, index });
    return index;
  }

  async #loadForWrite(tx: DbOrTx, workspaceId: string): Promise<KnowledgeIndex> {
    const [row] = await tx.select().from(botIndexes).where(eq(botIndexes.workspaceId, workspaceId));
    if (!row) return KnowledgeIndex.empty();
    // The cached object may be mutated only if the transaction commits; a fresh copy keeps readers safe.
    return KnowledgeIndex.load(row.data);
  }

  async #save(tx: DbOrTx, workspaceId: string, index: KnowledgeIndex): Promise<Cached> {
    const data = index.serialize();
    const rows = await tx
      .insert(botIndexes)
      .values({ workspaceId, version: 1, data })
      .onConflictDoUpdate({
        target: botIndexes.workspaceId,
        set: { version: sql`${botIndexes.version} + 1`, data, updatedAt: new Date() },
      })
      .returning({ version: botIndexes.version });
    const version = rows[0]?.version;
    if (version === undefined) throw new Error("index write returned nothing");
    return { version, index };
  }
}

async function lockWorkspace(tx: DbOrTx, workspaceId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`bot-kb:${workspaceId}`}))`);
}

async function chunkIdsOf(tx: DbOrTx, workspaceId: string, documentId: string): Promise<string[]> {
  const rows = await tx
    .select({ id: botChunks.id })
    .from(botChunks)
    .where(and(eq(botChunks.workspaceId, workspaceId), eq(botChunks.documentId, documentId)))
    .orderBy(asc(botChunks.ordinal));
  return rows.map((r) => r.id);
}
