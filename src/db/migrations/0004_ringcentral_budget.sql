CREATE TABLE "ringcentral_rate_buckets" (
	"connection_id" text NOT NULL,
	"rate_group" text NOT NULL,
	"limit" integer NOT NULL,
	"window_ms" integer NOT NULL,
	"sent" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"blocked_until" bigint DEFAULT 0 NOT NULL,
	"server_remaining" integer,
	"server_at" bigint,
	"server_sent_since" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ringcentral_rate_buckets_pk" PRIMARY KEY("connection_id","rate_group")
);
--> statement-breakpoint
ALTER TABLE "commands" ADD COLUMN "waiting_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "commands" ADD COLUMN "waiting_reason" text;
