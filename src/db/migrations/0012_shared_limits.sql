-- Login and widget rate limits move to rate-limiter-flexible's PostgreSQL store (one table, a key prefix per limiter);
-- the hand-written widget counter table goes.
CREATE TABLE "rate_limits" (
	"key" varchar(255) PRIMARY KEY NOT NULL,
	"points" integer DEFAULT 0 NOT NULL,
	"expire" bigint
);
--> statement-breakpoint
CREATE INDEX "rate_limits_expire_idx" ON "rate_limits" ("expire");
--> statement-breakpoint
DROP TABLE "chat_rate_limits";
--> statement-breakpoint
-- The command circuit breaker per connection, shared by every worker. No row: closed.
CREATE TABLE "circuit_breakers" (
	"connection_id" text PRIMARY KEY NOT NULL REFERENCES "connections"("id") ON DELETE CASCADE,
	"failures" integer DEFAULT 0 NOT NULL,
	"open_until" timestamp with time zone,
	"trial_until" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
