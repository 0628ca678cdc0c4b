import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { LanguageModel, ProviderError } from "../../ai/language-model.ts";
import type { Db } from "../../db/database.ts";
import { botChunkEmbeddings, botChunks } from "../../db/schema/index.ts";
import { err, ok, type Result } from "../../lib/result.ts";

const BATCH = 64;

type Cached = { stamp: string; vectors: Map<string, number[]> };

/**
 * Chunk embeddings of one embedding model, stored in PostgreSQL (bot_chunk_embeddings): written by the `bot-embed`
 * job after documents change, read by every process once per change (a count and a timestamp say when).
 */
export class ChunkEmbeddings {
  readonly #db: Db;
  readonly #model: LanguageModel;
  readonly model: string;
  readonly #cache = new Map<string, Cached>();

  constructor(db: Db, model: LanguageModel, modelName: string) {
    this.#db = db;
    this.#model = model;
    this.model = modelName;
  }

  /** Embeds chunks that have no embedding yet (at most `max`); returns how many, or the provider's error. */
  async embedMissing(workspaceId: string, max = 20_000): Promise<Result<number, ProviderError>> {
    let done = 0;
    while (done < max) {
      const missing = await this.#db
        .select({ id: botChunks.id, heading: botChunks.heading, text: botChunks.text })
        .from(botChunks)
        .leftJoin(
          botChunkEmbeddings,
          and(eq(botChunkEmbeddings.chunkId, botChunks.id), eq(botChunkEmbeddings.model, this.model)),
        )
        .where(and(eq(botChunks.workspaceId, workspaceId), isNull(botChunkEmbeddings.chunkId)))
        .orderBy(asc(botChunks.id))
        .limit(Math.min(BATCH, max - done));
      if (missing.length === 0) break;
      const res = await this.embedTexts(missing.map((c) => `${c.heading}\n${c.text}`));
      if (!res.ok) return res;
      const rows = missing.map((c, i) => ({
        chunkId: c.id,
        model: this.model,
        workspaceId,
        vector: res.value[i] ?? [],
      }));
      // Under the knowledge base's write lock: only chunks that still exist (a document may have changed meanwhile).
      await this.#db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`bot-kb:${workspaceId}`}))`);
        const alive = new Set(
          (
            await tx
              .select({ id: botChunks.id })
              .from(botChunks)
              .where(
                inArray(
                  botChunks.id,
                  rows.map((r) => r.chunkId),
                ),
              )
          ).map((r) => r.id),
        );
        const kept = rows.filter((r) => alive.has(r.chunkId));
        if (kept.length > 0) await tx.insert(botChunkEmbeddings).values(kept).onConflictDoNothing();
      });
      done += missing.length;
    }
    return ok(done);
  }

  async embedTexts(texts: string[]): Promise<Result<number[][], ProviderError>> {
    if (!this.#model.embed) return err({ kind: "not_configured", message: "the provider has no embeddings" });
    const res = await this.#model.embed(texts);
    if (!res.ok) return res;
    if (res.value.vectors.length !== texts.length || res.value.vectors.some((v) => v.length === 0))
      return err({ kind: "invalid_response", message: "embeddings do not match the inputs" });
    return ok(res.value.vectors);
  }

  /** The workspace's chunk vectors: one small query, a full load only when they changed. */
  async vectors(workspaceId: string): Promise<Map<string, number[]>> {
    const where = and(eq(botChunkEmbeddings.workspaceId, workspaceId), eq(botChunkEmbeddings.model, this.model));
    const [head] = await this.#db
      .select({
        n: sql<number>`count(*)::int`,
        last: sql<string>`coalesce(max(${botChunkEmbeddings.createdAt})::text, '')`,
      })
      .from(botChunkEmbeddings)
      .where(where);
    const stamp = `${head?.n ?? 0}:${head?.last ?? ""}`;
    const cached = this.#cache.get(workspaceId);
    if (cached && cached.stamp === stamp) return cached.vectors;
    const rows = await this.#db
      .select({ id: botChunkEmbeddings.chunkId, vector: botChunkEmbeddings.vector })
      .from(botChunkEmbeddings)
      .where(where);
    const vectors = new Map(rows.map((r) => [r.id, r.vector]));
    this.#cache.set(workspaceId, { stamp, vectors });
    return vectors;
  }
}
