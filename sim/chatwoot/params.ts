import { z } from "zod";
import { invalidEnum, notFound, recordInvalid } from "./errors.ts";
import { CONVERSATION_STATUSES, type ConversationStatus, PRIORITIES, type Priority } from "./model.ts";

/**
 * Request parsing with Rails' leniency: numbers arrive as strings in forms, booleans as "true"/"1", and Rails'
 * ParamsWrapper accepts both `{"webhook": {...}}` and the flat object.
 */

const TRUE = new Set<unknown>([true, "true", "1", 1, "t", "on"]);
const FALSE = new Set<unknown>([false, "false", "0", 0, "f", "off", ""]);

/** ActiveModel boolean casting. */
export const railsBool = z.preprocess((v) => (TRUE.has(v) ? true : FALSE.has(v) ? false : v), z.boolean());

/** A string column: numbers are cast, like ActiveRecord does. */
export const railsString = z.union([z.string(), z.number().transform(String)]);

/** An integer id that may arrive as a string. */
export const railsId = z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]);

export const jsonObject = z.record(z.string(), z.unknown());

/** Merges the ParamsWrapper key over the flat body, as Rails does for JSON requests. */
export function unwrap(body: unknown, key: string): Record<string, unknown> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return {};
  const flat = body as Record<string, unknown>;
  const wrapped = flat[key];
  return typeof wrapped === "object" && wrapped !== null && !Array.isArray(wrapped)
    ? { ...flat, ...(wrapped as Record<string, unknown>) }
    : flat;
}

/** Parses a body with zod; a mismatch is answered like a Rails validation failure (422 `{message, attributes}`). */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  throw recordInvalid(
    parsed.error.issues.map((issue) => ({
      attribute: issue.path.map(String).join(".") || "base",
      message: issue.code === "invalid_value" ? "is not included in the list" : "is invalid",
    })),
  );
}

/** A path id: Rails' `find` of a non-numeric or unknown id is a 404. */
export function pathId(params: unknown, name: string): number {
  const value = (params as Record<string, unknown> | undefined)?.[name];
  if (typeof value !== "string" || !/^\d+$/.test(value)) throw notFound();
  return Number(value);
}

export function pageOf(query: unknown): { page: number; raw: string | number } {
  const value = (query as Record<string, unknown> | undefined)?.page;
  const page = typeof value === "string" ? Number.parseInt(value, 10) : Number.NaN;
  return { page: Number.isFinite(page) && page > 0 ? page : 1, raw: typeof value === "string" ? value : 1 };
}

export function queryString(query: unknown, name: string): string | undefined {
  const value = (query as Record<string, unknown> | undefined)?.[name];
  return typeof value === "string" ? value : undefined;
}

/** Rails enum assignment: an unknown value raises ArgumentError, answered here as 422. */
export function statusOf(value: unknown): ConversationStatus {
  if (typeof value === "string" && (CONVERSATION_STATUSES as readonly string[]).includes(value)) {
    return value as ConversationStatus;
  }
  throw invalidEnum(value, "status");
}

/** `toggle_priority` stores `priority.presence`, so blank clears it. */
export function priorityOf(value: unknown): Priority | null {
  if (value === undefined || value === null || value === "" || value === "none") return null;
  if (typeof value === "string" && (PRIORITIES as readonly string[]).includes(value)) return value as Priority;
  throw invalidEnum(value, "priority");
}
