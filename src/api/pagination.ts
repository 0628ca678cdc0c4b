import type { Column, SQL } from "drizzle-orm";
import { afterPosition, type Direction } from "../db/keyset.ts";
import { ApiError } from "../http/errors.ts";

export { afterKey, cutPage, fetchSize } from "../db/keyset.ts";

/** The opaque cursor over (time, id) that clients pass back; a malformed one is a 400. */
export const timeCursor = {
  encode: (at: Date, id: string): string => Buffer.from(`${at.toISOString()}|${id}`).toString("base64url"),
  decode(cursor: string): { at: Date; id: string } {
    const [iso, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
    const at = new Date(iso ?? "");
    if (!id || Number.isNaN(at.getTime())) throw new ApiError("bad_request", "cursor is not valid");
    return { at, id };
  },
};

/** Rows after a `timeCursor` in a list ordered by (time, id). */
export function afterTime(
  time: Column,
  id: Column,
  cursor: string | undefined,
  direction: Direction = "desc",
): SQL | undefined {
  return afterPosition(time, id, cursor === undefined ? undefined : timeCursor.decode(cursor), direction);
}
