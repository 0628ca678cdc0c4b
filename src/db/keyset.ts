import { and, type Column, eq, gt, lt, or, type SQL } from "drizzle-orm";

/**
 * Keyset pagination, the one way every list pages: fetch `fetchSize(limit)` rows ordered by the key (and, for a
 * time order, the id as tie-breaker), add `afterKey` / `afterPosition` for the rows after the cursor, then
 * `cutPage` keeps `limit` of them and says where the next page starts. The cursor codec for clients is
 * `timeCursor` in src/api/pagination.ts.
 */
export type Direction = "asc" | "desc";

/** One more row than the page holds: its presence says there is a next page. */
export const fetchSize = (limit: number) => limit + 1;

/** Rows after `cursor` in a list ordered by one unique column (ids, which sort by creation time). */
export function afterKey(column: Column, cursor: string | undefined, direction: Direction = "desc"): SQL | undefined {
  if (cursor === undefined) return undefined;
  return direction === "desc" ? lt(column, cursor) : gt(column, cursor);
}

/** Rows after `position` in a list ordered by (time, id): the id breaks ties, so no row is skipped or repeated. */
export function afterPosition(
  time: Column,
  id: Column,
  position: { at: Date; id: string } | undefined,
  direction: Direction = "desc",
): SQL | undefined {
  if (position === undefined) return undefined;
  const beyond = direction === "desc" ? lt : gt;
  return or(beyond(time, position.at), and(eq(time, position.at), beyond(id, position.id)));
}

/** Keeps `limit` of the fetched rows; the next cursor is the last kept row's, when more rows were there. */
export function cutPage<Row>(
  rows: Row[],
  limit: number,
  cursorOf: (row: Row) => string,
): { rows: Row[]; nextCursor: string | null } {
  const kept = rows.slice(0, limit);
  const last = kept.at(-1);
  return { rows: kept, nextCursor: rows.length > limit && last !== undefined ? cursorOf(last) : null };
}
