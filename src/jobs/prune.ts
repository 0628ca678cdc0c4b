import type { Deps } from "../deps.ts";

/** Keeps the newest WEBHOOK_REJECTED_KEEP rejected webhooks per workspace; a flood of junk cannot fill the disk. */
export async function pruneRejectedWebhooks(deps: Deps): Promise<number> {
  const res = await deps.database.pool.query(
    `delete from webhook_events w using (
       select id from (
         select id, row_number() over (partition by workspace_id order by id desc) as n
         from webhook_events where status = 'rejected'
       ) ranked where n > $1
     ) old where w.id = old.id`,
    [deps.config.WEBHOOK_REJECTED_KEEP],
  );
  return res.rowCount ?? 0;
}
