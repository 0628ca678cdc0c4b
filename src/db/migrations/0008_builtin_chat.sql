ALTER TABLE "agents" ADD COLUMN "chat_role" text DEFAULT 'agent' NOT NULL;
--> statement-breakpoint
ALTER TABLE "agents" ADD COLUMN "max_chats" integer DEFAULT 5 NOT NULL;
--> statement-breakpoint
ALTER TABLE "agents" ADD COLUMN "chat_enabled" boolean DEFAULT true NOT NULL;
--> statement-breakpoint
CREATE TABLE "chat_groups" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"name" text NOT NULL,
	"routing_strategy" text DEFAULT 'round_robin' NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"offer_timeout_seconds" integer,
	"rotation_cursor" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "chat_groups_name_idx" ON "chat_groups" USING btree ("workspace_id",lower("name")) WHERE deleted_at is null;
--> statement-breakpoint
CREATE UNIQUE INDEX "chat_groups_default_idx" ON "chat_groups" USING btree ("workspace_id") WHERE is_default and deleted_at is null;
--> statement-breakpoint
CREATE TABLE "chat_group_members" (
	"workspace_id" text NOT NULL,
	"group_id" text NOT NULL,
	"agent_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "chat_group_members_pk" PRIMARY KEY("group_id","agent_id")
);
--> statement-breakpoint
CREATE INDEX "chat_group_members_agent_idx" ON "chat_group_members" USING btree ("workspace_id","agent_id");
--> statement-breakpoint
CREATE TABLE "chat_tags" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"name" text NOT NULL,
	"color" text DEFAULT '#64748b' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "chat_tags_name_idx" ON "chat_tags" USING btree ("workspace_id",lower("name")) WHERE deleted_at is null;
--> statement-breakpoint
CREATE TABLE "chat_visitors" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"token_hash" text NOT NULL,
	"name" text,
	"email" text,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"customer_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "chat_visitors_token_idx" ON "chat_visitors" USING btree ("token_hash");
--> statement-breakpoint
CREATE INDEX "chat_visitors_email_idx" ON "chat_visitors" USING btree ("workspace_id","email");
--> statement-breakpoint
CREATE TABLE "chat_conversations" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"visitor_id" text NOT NULL,
	"group_id" text NOT NULL,
	"agent_id" text,
	"status" text DEFAULT 'queued' NOT NULL,
	"active_thread_id" text,
	"tag_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"last_position" integer DEFAULT 0 NOT NULL,
	"agent_read_position" integer DEFAULT 0 NOT NULL,
	"visitor_read_position" integer DEFAULT 0 NOT NULL,
	"queued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"assigned_at" timestamp with time zone,
	"first_response_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "chat_conversations_queue_idx" ON "chat_conversations" USING btree ("workspace_id","queued_at","id") WHERE status = 'queued';
--> statement-breakpoint
CREATE INDEX "chat_conversations_agent_idx" ON "chat_conversations" USING btree ("workspace_id","agent_id","status");
--> statement-breakpoint
CREATE INDEX "chat_conversations_list_idx" ON "chat_conversations" USING btree ("workspace_id","id");
--> statement-breakpoint
CREATE INDEX "chat_conversations_visitor_idx" ON "chat_conversations" USING btree ("workspace_id","visitor_id");
--> statement-breakpoint
CREATE TABLE "chat_threads" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"conversation_id" text NOT NULL,
	"agent_id" text,
	"status" text DEFAULT 'open' NOT NULL,
	"last_sequence" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "chat_threads_conversation_idx" ON "chat_threads" USING btree ("workspace_id","conversation_id");
--> statement-breakpoint
CREATE TABLE "chat_events" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"conversation_id" text NOT NULL,
	"thread_id" text NOT NULL,
	"sequence" integer NOT NULL,
	"position" integer NOT NULL,
	"type" text NOT NULL,
	"author_type" text NOT NULL,
	"author_id" text,
	"text" text NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "chat_events_thread_seq_idx" ON "chat_events" USING btree ("thread_id","sequence");
--> statement-breakpoint
CREATE UNIQUE INDEX "chat_events_position_idx" ON "chat_events" USING btree ("conversation_id","position");
--> statement-breakpoint
CREATE TABLE "chat_routing_decisions" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"conversation_id" text NOT NULL,
	"group_id" text NOT NULL,
	"strategy" text NOT NULL,
	"chosen_agent_id" text,
	"why" text NOT NULL,
	"candidates" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "chat_routing_decisions_conversation_idx" ON "chat_routing_decisions" USING btree ("workspace_id","conversation_id","id");
--> statement-breakpoint
CREATE TABLE "chat_offers" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"conversation_id" text NOT NULL,
	"agent_id" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "chat_offers_conversation_idx" ON "chat_offers" USING btree ("workspace_id","conversation_id");
--> statement-breakpoint
CREATE INDEX "chat_offers_agent_idx" ON "chat_offers" USING btree ("workspace_id","agent_id","status");
--> statement-breakpoint
CREATE TABLE "chat_rate_limits" (
	"workspace_id" text NOT NULL,
	"key" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"hits" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "chat_rate_limits_pk" PRIMARY KEY("workspace_id","key")
);
