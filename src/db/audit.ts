import { newId } from "../lib/ids.ts";
import type { DbOrTx } from "./database.ts";
import { auditLog } from "./schema/index.ts";

export async function audit(
  db: DbOrTx,
  entry: { workspaceId: string; actor: string; action: string; target?: string; details?: Record<string, unknown> },
): Promise<void> {
  await db.insert(auditLog).values({ id: newId("aud"), ...entry, details: entry.details ?? {} });
}
