import { asc } from "drizzle-orm";
import { newId } from "../lib/ids.ts";
import type { DbOrTx } from "./database.ts";
import { workspaces } from "./schema/index.ts";

/** The first workspace, created on first start: the admin key and sandbox mode act in it. */
export async function ensureDefaultWorkspace(db: DbOrTx): Promise<string> {
  const [existing] = await db.select({ id: workspaces.id }).from(workspaces).orderBy(asc(workspaces.id)).limit(1);
  if (existing) return existing.id;
  const id = newId("wsp");
  await db.insert(workspaces).values({ id, workspaceId: id, name: "Default" });
  return id;
}
