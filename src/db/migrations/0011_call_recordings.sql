CREATE TABLE "call_recordings" (
	"conversation_id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"connection_id" text NOT NULL,
	"recording_id" text NOT NULL,
	"content_uri" text NOT NULL,
	"state" text DEFAULT 'recording_pending' NOT NULL,
	"reason" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"file_path" text,
	"checksum" text,
	"size_bytes" integer,
	"content_type" text,
	"duration_sec" real,
	"transcript" jsonb,
	"summary" jsonb,
	"transcript_text" text,
	"call_ended_at" timestamp with time zone,
	"summarised_at" timestamp with time zone,
	"purged_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "call_recordings_workspace_state_idx" ON "call_recordings" USING btree ("workspace_id","state");
--> statement-breakpoint
CREATE INDEX "call_recordings_transcript_search_idx" ON "call_recordings" USING gin (to_tsvector('english', coalesce("transcript_text", '')));
