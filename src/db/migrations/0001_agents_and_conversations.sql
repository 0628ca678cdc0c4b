CREATE TABLE "agent_identities" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"agent_id" text NOT NULL,
	"connection_id" text NOT NULL,
	"platform" text NOT NULL,
	"external_id" text NOT NULL,
	"email" text,
	"display_name" text,
	"manual" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "agents" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"name" text NOT NULL,
	"email" text,
	"capacity" integer DEFAULT 100 NOT NULL,
	"call_cost" integer DEFAULT 100 NOT NULL,
	"chat_cost" integer DEFAULT 20 NOT NULL,
	"state" jsonb,
	"actuals" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"desired" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"revision" integer DEFAULT 0 NOT NULL,
	"policy" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "availability_history" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"agent_id" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"detail" jsonb NOT NULL,
	"cause" text
);
--> statement-breakpoint
CREATE TABLE "conversations" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"connection_id" text NOT NULL,
	"platform" text NOT NULL,
	"channel" text NOT NULL,
	"external_id" text NOT NULL,
	"agent_id" text,
	"customer_id" text,
	"customer" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"conversation_id" text NOT NULL,
	"external_id" text NOT NULL,
	"author_type" text NOT NULL,
	"author_id" text,
	"text" text NOT NULL,
	"private" boolean DEFAULT false NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"mirrored_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "agent_identities_external_idx" ON "agent_identities" USING btree ("connection_id","external_id");--> statement-breakpoint
CREATE INDEX "agent_identities_agent_idx" ON "agent_identities" USING btree ("workspace_id","agent_id");--> statement-breakpoint
CREATE UNIQUE INDEX "agents_email_idx" ON "agents" USING btree ("workspace_id","email") WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "availability_history_agent_idx" ON "availability_history" USING btree ("workspace_id","agent_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "conversations_external_idx" ON "conversations" USING btree ("connection_id","channel","external_id");--> statement-breakpoint
CREATE INDEX "conversations_workspace_idx" ON "conversations" USING btree ("workspace_id","id");--> statement-breakpoint
CREATE INDEX "conversations_agent_idx" ON "conversations" USING btree ("workspace_id","agent_id","id");--> statement-breakpoint
CREATE INDEX "conversations_customer_idx" ON "conversations" USING btree ("workspace_id","customer_id","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "messages_external_idx" ON "messages" USING btree ("conversation_id","external_id");--> statement-breakpoint
CREATE INDEX "messages_conversation_idx" ON "messages" USING btree ("conversation_id","at");