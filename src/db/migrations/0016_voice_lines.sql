CREATE TABLE "voice_lines" (
	"workspace_id" text NOT NULL,
	"line" text NOT NULL,
	"mode" text DEFAULT 'human-only' NOT NULL,
	"transcribe" boolean DEFAULT false NOT NULL,
	"task_group_id" text,
	"threshold" real DEFAULT 0.6 NOT NULL,
	"updated_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "voice_lines_workspace_id_line_pk" PRIMARY KEY("workspace_id","line")
);
--> statement-breakpoint
ALTER TABLE "call_recordings" ADD COLUMN "follow_up" jsonb;
