import { Readable } from "node:stream";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { type CallLogRecord, queueAnalytics } from "../../admin/analytics.ts";
import { type AdminCall, adminCalls as c, type ListQuery } from "../../admin/calls.ts";
import { type AdminTarget, mustSend, openTarget } from "../../admin/gateway.ts";
import { principalOf } from "../../http/auth.ts";
import type { RouteContext } from "../../http/routes.ts";
import { answerRead, RC_PREFIX } from "./routes.ts";

const tags = ["ringcentral-admin"];
const cid = z.object({ connectionId: z.string().min(1).max(64) });
const listValue = z.union([z.string().max(64), z.array(z.string().max(64)).max(10)]).optional();
const callLogQuery = z.object({
  dateFrom: z.iso.datetime({ offset: true }).optional(),
  dateTo: z.iso.datetime({ offset: true }).optional(),
  view: z.enum(["Simple", "Detailed"]).optional(),
  type: listValue,
  direction: listValue,
  phoneNumber: z.string().max(20).optional(),
  extensionNumber: z.string().max(8).optional(),
  telephonySessionId: z.string().max(100).optional(),
  recordingType: z.enum(["Automatic", "OnDemand", "All"]).optional(),
  page: z.coerce.number().int().min(1).optional(),
  perPage: z.coerce.number().int().min(1).max(1000).optional(),
});
/** Pages of 1000 (RingCentral's maximum): 100,000 records in 100 Heavy requests. */
const EXPORT_PAGE = 1000;
const MAX_EXPORT_PAGES = 10_000;
/** Exports wait out the Heavy window between pages instead of failing. */
const EXPORT_MAX_WAIT_MS = 65_000;

export const CSV_COLUMNS = [
  "id",
  "sessionId",
  "telephonySessionId",
  "startTime",
  "duration",
  "type",
  "direction",
  "action",
  "result",
  "from.phoneNumber",
  "from.name",
  "from.extensionNumber",
  "to.phoneNumber",
  "to.name",
  "to.extensionNumber",
  "extension.id",
  "recording.id",
] as const;

function pick(record: Record<string, unknown>, path: string): string {
  let value: unknown = record;
  for (const key of path.split("."))
    value = value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
  return value === undefined || value === null ? "" : String(value);
}

/** RFC 4180 field; a leading = + - @ is prefixed with ' so a spreadsheet never runs it as a formula. */
export function csvField(value: string): string {
  const safe = /^[=+\-@]/.test(value) && !/^[-+]?\d/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvRow(record: Record<string, unknown>): string {
  return `${CSV_COLUMNS.map((col) => csvField(pick(record, col))).join(",")}\r\n`;
}

/** Every page of the call log, one at a time (memory stays flat whatever the size). */
export async function* callLogPages(
  target: AdminTarget,
  build: (q: ListQuery) => AdminCall<{ records: Record<string, unknown>[]; paging?: { totalPages?: number } }>,
  query: ListQuery,
) {
  for (let page = 1; page <= MAX_EXPORT_PAGES; page++) {
    const res = await mustSend(target, build({ ...query, page, perPage: EXPORT_PAGE }), EXPORT_MAX_WAIT_MS);
    yield res.records;
    if (res.records.length < EXPORT_PAGE || page >= (res.paging?.totalPages ?? page)) return;
  }
}

/** Call log as RingCentral's JSON page, or the whole range as CSV (Accept: text/csv, streamed); queue analytics. */
export async function rcCallLogRoutes(ctx: RouteContext): Promise<void> {
  const { deps, auth } = ctx;
  const r = ctx.app.withTypeProvider<ZodTypeProvider>();
  const V1 = `${RC_PREFIX}/restapi/v1.0/account/~`;

  const serve = (
    path: string,
    params: z.ZodObject<{ connectionId: z.ZodString }>,
    build: (
      p: Record<string, string>,
      q: ListQuery,
    ) => AdminCall<{ records: Record<string, unknown>[]; paging?: { totalPages?: number } }>,
  ) =>
    r.get(
      path,
      {
        preHandler: auth("supervisor"),
        schema: {
          tags,
          summary: "Call log: RingCentral's JSON page, or every page as CSV with Accept: text/csv",
          params,
          querystring: callLogQuery,
        },
      },
      async (req, reply) => {
        const p = params.parse(req.params) as Record<string, string>;
        const query = callLogQuery.parse(req.query);
        if (!req.headers.accept?.includes("text/csv"))
          return answerRead(deps, req, reply, p.connectionId ?? "", build(p, query));
        const target = await openTarget(deps, principalOf(req).workspaceId, p.connectionId ?? "");
        const { page: _page, perPage: _perPage, ...rest } = query;
        const log = req.log;
        async function* csv() {
          yield `${CSV_COLUMNS.join(",")}\r\n`;
          try {
            for await (const records of callLogPages(target, (q) => build(p, q), rest))
              yield records.map(csvRow).join("");
          } catch (error) {
            // The status line is gone: the CSV ends with a marker a reader can see, and the log says why.
            log.warn({ err: error }, "call-log export stopped");
            yield `# export stopped: ${error instanceof Error ? error.message.replace(/[\r\n]/g, " ") : "error"}\r\n`;
          }
        }
        return reply
          .type("text/csv; charset=utf-8")
          .header("content-disposition", 'attachment; filename="call-log.csv"')
          .send(Readable.from(csv()));
      },
    );
  serve(`${V1}/call-log`, cid, (_p, q) => c.readCompanyCallLog(q));
  serve(
    `${V1}/extension/:extensionId/call-log`,
    cid.extend({ extensionId: z.string().regex(/^[\w~-]{1,40}$/) }),
    (p, q) => c.readUserCallLog(p.extensionId ?? "~", q),
  );

  r.get(
    `${RC_PREFIX}/analytics/queues`,
    {
      preHandler: auth("supervisor"),
      schema: {
        tags,
        summary:
          "Queue analytics computed from the call log: per queue, agent and hour (answered, missed, abandoned, handle and wait time)",
        params: cid,
        querystring: z.object({
          dateFrom: z.iso.datetime({ offset: true }).optional(),
          dateTo: z.iso.datetime({ offset: true }).optional(),
        }),
      },
    },
    async (req) => {
      const target = await openTarget(deps, principalOf(req).workspaceId, req.params.connectionId);
      const queues = new Map<string, string>();
      for (let page = 1; page <= 50; page++) {
        const res = await mustSend(target, c.listCallQueues({ page, perPage: 1000 }));
        for (const q of res.records) queues.set(q.id, q.name ?? "");
        if (page >= (res.paging?.totalPages ?? 1)) break;
      }
      const records: CallLogRecord[] = [];
      // dateFrom defaults to 24 h ago, as RingCentral's call log does.
      const dateFrom = req.query.dateFrom ?? new Date(Date.now() - 86_400_000).toISOString();
      const query = { dateFrom, dateTo: req.query.dateTo, view: "Detailed", type: "Voice" };
      for await (const page of callLogPages(target, (q) => c.readCompanyCallLog(q), query)) {
        for (const record of page) if (record.startTime) records.push(record as CallLogRecord);
      }
      return {
        dateFrom,
        dateTo: req.query.dateTo ?? null,
        calls: records.length,
        ...queueAnalytics(records, queues),
      };
    },
  );

  r.post(
    `${RC_PREFIX}/analytics/calls/v1/accounts/~/aggregation/fetch`,
    {
      preHandler: auth("supervisor"),
      schema: {
        tags,
        summary: "RingCentral's Analytics API aggregation/fetch, passed through (accounts that have it)",
        params: cid,
        querystring: z.object({
          page: z.coerce.number().int().min(1).optional(),
          perPage: z.coerce.number().int().min(1).max(200).optional(),
        }),
        body: z.record(z.string(), z.unknown()),
      },
    },
    (req, reply) =>
      answerRead(deps, req, reply, req.params.connectionId, c.analyticsCallsAggregationFetch(req.body, req.query)),
  );
}
