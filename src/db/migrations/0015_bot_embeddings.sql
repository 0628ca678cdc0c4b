CREATE TABLE "bot_chunk_embeddings" (
	"chunk_id" text NOT NULL,
	"model" text NOT NULL,
	"workspace_id" text NOT NULL,
	"vector" real[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bot_chunk_embeddings_chunk_id_model_pk" PRIMARY KEY("chunk_id","model")
);
--> statement-breakpoint
ALTER TABLE "bot_chunk_embeddings" ADD CONSTRAINT "bot_chunk_embeddings_chunk_id_bot_chunks_id_fk" FOREIGN KEY ("chunk_id") REFERENCES "public"."bot_chunks"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "bot_chunk_embeddings_workspace_idx" ON "bot_chunk_embeddings" USING btree ("workspace_id","model");
--> statement-breakpoint
CREATE INDEX "bot_conversations_chat_idx" ON "bot_conversations" USING btree ("workspace_id","external_id");
