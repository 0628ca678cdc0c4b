-- An agent's commands of one kind, newest first: the engine's echo guard and pending targets, and the executor's
-- supersession check, read them on every step. The older index leads with workspace_id, which these reads do not
-- filter on.
CREATE INDEX IF NOT EXISTS "commands_agent_kind_idx" ON "commands" USING btree ("agent_id","kind","id");
