import type { z } from "zod";
import { lcError } from "./errors.ts";

/**
 * Opaque `page_id` values (base64, like the docs' `MTUxNzM5ODEzMTQ5Ng==`) that remember the first request's
 * filters, limit and sort order, as LiveChat's do.
 */
export function encodePage(query: object): string {
  return Buffer.from(JSON.stringify(query), "utf8").toString("base64");
}

export function decodePage<S extends z.ZodType>(pageId: string, schema: S): z.output<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(pageId, "base64").toString("utf8"));
  } catch {
    raw = undefined;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw lcError("validation", "`page_id` is invalid");
  return parsed.data;
}
