import { asc, sql } from "drizzle-orm";
import { newId } from "../lib/ids.ts";
import type { Db } from "./database.ts";
import { workspaces } from "./schema/index.ts";

/** The first workspace, created on first start: the admin key and sandbox mode act in it. */
export async function ensureDefaultWorkspace(db: Db): Promise<string> {
  // Several processes may start at once on an empty database: the lock makes exactly one create it.
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(7262022)`);
    const [existing] = await tx.select({ id: workspaces.id }).from(workspaces).orderBy(asc(workspaces.id)).limit(1);
    if (existing) return existing.id;
    const id = newId("wsp");
    await tx.insert(workspaces).values({ id, workspaceId: id, name: "Default" });
    return id;
  });
}
