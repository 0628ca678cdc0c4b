CREATE TABLE "bot_documents" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"title" text NOT NULL,
	"content_type" text NOT NULL,
	"source_url" text,
	"content" text NOT NULL,
	"content_hash" text NOT NULL,
	"chunk_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "bot_documents_title_idx" ON "bot_documents" USING btree ("workspace_id","title");
--> statement-breakpoint
CREATE TABLE "bot_chunks" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"document_id" text NOT NULL REFERENCES "bot_documents"("id") ON DELETE CASCADE,
	"ordinal" integer NOT NULL,
	"heading" text DEFAULT '' NOT NULL,
	"text" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "bot_chunks_document_idx" ON "bot_chunks" USING btree ("workspace_id","document_id","ordinal");
--> statement-breakpoint
CREATE TABLE "bot_indexes" (
	"workspace_id" text PRIMARY KEY NOT NULL,
	"version" integer NOT NULL,
	"data" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bot_inboxes" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"settings" jsonb NOT NULL,
	"credentials" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	PRIMARY KEY ("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "bot_conversations" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"inbox_id" text NOT NULL,
	"external_id" text NOT NULL,
	"contact_key" text,
	"owner" text DEFAULT 'bot' NOT NULL,
	"bot_turns" integer DEFAULT 0 NOT NULL,
	"reply_times" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"last_author" text,
	"asked_for_human" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "bot_conversations_external_idx" ON "bot_conversations" USING btree ("workspace_id","inbox_id","external_id");
--> statement-breakpoint
CREATE TABLE "bot_inbound" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"inbox_id" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"body" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "bot_inbound_dedupe_idx" ON "bot_inbound" USING btree ("workspace_id","inbox_id","dedupe_key");
--> statement-breakpoint
CREATE TABLE "bot_audit" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"inbox_id" text,
	"conversation_id" text,
	"decision" text NOT NULL,
	"question" text,
	"chunks" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"answer" text,
	"reason" text NOT NULL,
	"provider" text,
	"latency_ms" integer,
	"tokens_in" integer DEFAULT 0 NOT NULL,
	"tokens_out" integer DEFAULT 0 NOT NULL,
	"cost_micros" integer DEFAULT 0 NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "bot_audit_workspace_idx" ON "bot_audit" USING btree ("workspace_id","id");
--> statement-breakpoint
CREATE TABLE "bot_usage" (
	"workspace_id" text NOT NULL,
	"day" text NOT NULL,
	"provider" text NOT NULL,
	"requests" integer DEFAULT 0 NOT NULL,
	"tokens_in" integer DEFAULT 0 NOT NULL,
	"tokens_out" integer DEFAULT 0 NOT NULL,
	"cost_micros" bigint DEFAULT 0 NOT NULL,
	PRIMARY KEY ("workspace_id","day","provider")
);
--> statement-breakpoint
CREATE TABLE "bot_contact_memory" (
	"workspace_id" text NOT NULL,
	"contact_key" text NOT NULL,
	"facts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	PRIMARY KEY ("workspace_id","contact_key")
);
