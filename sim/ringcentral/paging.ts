import { z } from "zod";

/** Query values may repeat (`?phoneNumber=a&phoneNumber=b`); routes see a string list either way. */
export const multiValue = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

export const pagingQuery = z.object({
  page: z.string().optional(),
  perPage: z.string().optional(),
});

export type PageRequest = { page: number; perPage: number };

/** `page` from 1, `perPage` ≤ 1000 (default 100); `perPage=max` where the API allows it. Undefined = invalid. */
export function parsePaging(
  query: { page?: string; perPage?: string },
  allowMax = false,
): { ok: true; value: PageRequest } | { ok: false; parameter: "page" | "perPage" } {
  const page = query.page === undefined ? 1 : Number(query.page);
  if (!Number.isInteger(page) || page < 1) return { ok: false, parameter: "page" };
  if (allowMax && query.perPage === "max") return { ok: true, value: { page, perPage: 1000 } };
  const perPage = query.perPage === undefined ? 100 : Number(query.perPage);
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > 1000) return { ok: false, parameter: "perPage" };
  return { ok: true, value: { page, perPage } };
}

/**
 * `uri` (this page) + `records` + `paging` + `navigation` as the v1.0 list endpoints return them (doc §3). `uriFor` builds the
 * absolute URI of a page (other query parameters preserved).
 */
export function paginate<T>(
  items: T[],
  request: PageRequest,
  uriFor: (page: number, perPage: number) => string,
): { uri: string; records: T[]; paging: Record<string, number>; navigation: Record<string, { uri: string }> } {
  const { page, perPage } = request;
  const totalElements = items.length;
  const totalPages = Math.ceil(totalElements / perPage);
  const start = (page - 1) * perPage;
  const records = items.slice(start, start + perPage);
  const paging: Record<string, number> = { page, totalPages, perPage, totalElements };
  if (records.length > 0) {
    paging.pageStart = start;
    paging.pageEnd = start + records.length - 1;
  }
  const navigation: Record<string, { uri: string }> = { firstPage: { uri: uriFor(1, perPage) } };
  if (page < totalPages) navigation.nextPage = { uri: uriFor(page + 1, perPage) };
  if (page > 1) navigation.previousPage = { uri: uriFor(Math.min(page - 1, Math.max(totalPages, 1)), perPage) };
  navigation.lastPage = { uri: uriFor(Math.max(totalPages, 1), perPage) };
  return { uri: uriFor(page, perPage), records, paging, navigation };
}

/** Rebuilds a list URI with other query parameters kept and page/perPage replaced. */
export function pageUri(base: string, path: string, query: Record<string, unknown>) {
  return (page: number, perPage: number): string => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (key === "page" || key === "perPage") continue;
      for (const v of Array.isArray(value) ? value : [value]) if (typeof v === "string") params.append(key, v);
    }
    params.set("page", String(page));
    params.set("perPage", String(perPage));
    return `${base}${path}?${params.toString()}`;
  };
}
