import { sql } from "drizzle-orm";
import type { LiveEvent } from "../api/contracts.ts";
import type { DbOrTx } from "../db/database.ts";

/** The PostgreSQL channel every web process LISTENs on, so live updates reach clients of any process. */
export const LIVE_CHANNEL = "switchboard_events";

/** Sent when the caller's transaction commits (NOTIFY is transactional), never for a rolled-back change. */
export async function notifyLive(tx: DbOrTx, event: LiveEvent): Promise<void> {
  await tx.execute(sql`select pg_notify(${LIVE_CHANNEL}, ${JSON.stringify(event)})`);
}
