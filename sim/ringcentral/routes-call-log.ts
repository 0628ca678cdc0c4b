import type { FastifyInstance, FastifyReply } from "fastify";
import { z } from "zod";
import { recordingRef, renderCallLogRecord } from "./call-log.ts";
import { type CallLogEntry, startMsOf } from "./call-model.ts";
import { accountRoute, renderContext, resolveExtension, type SimContext } from "./context.ts";
import { rcErrors } from "./errors.ts";
import { multiValue, pageUri, paginate, pagingQuery, parsePaging } from "./paging.ts";
import { recordingBytes } from "./routes-ai.ts";
import { issueParameter } from "./routes-extensions.ts";
import { digits } from "./state.ts";

const logQuery = pagingQuery.extend({
  telephonySessionId: z.string().optional(),
  sessionId: z.string().optional(),
  direction: multiValue,
  type: multiValue,
  view: z.enum(["Simple", "Detailed"]).optional(),
  dateFrom: z.string().optional(),
  dateTo: z.string().optional(),
  recordingType: z.enum(["Automatic", "OnDemand", "All"]).optional(),
  withRecording: z.enum(["true", "false"]).optional(),
  phoneNumber: z.string().optional(),
  extensionNumber: z.string().optional(),
});
const contentQuery = z.object({
  contentDisposition: z.enum(["Inline", "Attachment"]).optional(),
  contentDispositionFilename: z.string().optional(),
  access_token: z.string().optional(),
});

type LogFilter = z.infer<typeof logQuery>;

function parseDate(value: string | undefined, fallback: number): number | undefined {
  if (value === undefined) return fallback;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

function field(record: Record<string, unknown>, side: "from" | "to", key: string): string {
  const party = record[side];
  if (!party || typeof party !== "object" || !(key in party)) return "";
  const value = (party as Record<string, unknown>)[key];
  return typeof value === "string" ? value : "";
}

function matches(entry: CallLogEntry, q: LogFilter, from: number, to: number): boolean {
  const r = entry.record;
  const start = startMsOf(entry);
  if (start < from || start > to) return false;
  if (q.telephonySessionId && entry.telephonySessionId !== q.telephonySessionId) return false;
  if (q.sessionId && r.sessionId !== q.sessionId) return false;
  if (q.direction.length > 0 && !q.direction.includes(String(r.direction))) return false;
  if (q.type.length > 0 && !q.type.includes("Voice")) return false;
  const wantsRecording = q.withRecording === "true" || q.recordingType === "Automatic" || q.recordingType === "All";
  if (wantsRecording && !r.recording) return false;
  if (q.recordingType === "OnDemand") return false;
  if (q.phoneNumber) {
    const wanted = digits(q.phoneNumber);
    if (digits(field(r, "from", "phoneNumber")) !== wanted && digits(field(r, "to", "phoneNumber")) !== wanted) {
      return false;
    }
  }
  if (q.extensionNumber) {
    const numbers = [field(r, "from", "extensionNumber"), field(r, "to", "extensionNumber")];
    if (!numbers.includes(q.extensionNumber)) return false;
  }
  return true;
}

/** Call log (Heavy): records appear `callLogLagMs` after the call ends; newest first; default range 24 h. */
export function registerCallLogRoutes(app: FastifyInstance, ctx: SimContext): void {
  const list = async (
    rawQuery: unknown,
    reply: FastifyReply,
    extensionId: string | undefined,
    path: string,
    render: ReturnType<typeof renderContext>,
  ) => {
    const query = logQuery.safeParse(rawQuery ?? {});
    if (!query.success) return rcErrors.invalidParameter(reply, issueParameter(query.error, "query"));
    const paging = parsePaging(query.data, true);
    if (!paging.ok) return rcErrors.invalidParameter(reply, paging.parameter);
    const now = ctx.config.now();
    const to = parseDate(query.data.dateTo, now);
    const from = to === undefined ? undefined : parseDate(query.data.dateFrom, to - 24 * 3600 * 1000);
    if (to === undefined) return rcErrors.invalidParameter(reply, "dateTo");
    if (from === undefined) return rcErrors.invalidParameter(reply, "dateFrom");
    const visible = ctx.calls.callLog
      .filter((e) => e.availableAt <= now && (!extensionId || e.extensionId === extensionId))
      .filter((e) => matches(e, query.data, from, to))
      .sort((a, b) => startMsOf(b) - startMsOf(a));
    const detailed = query.data.view === "Detailed";
    const page = paginate(visible, paging.value, pageUri(render.base, path, query.data));
    return {
      uri: page.uri,
      records: page.records.map((e) => renderCallLogRecord(e, render, detailed)),
      paging: page.paging,
      navigation: page.navigation,
    };
  };

  app.get("/restapi/v1.0/account/:accountId/extension/:extensionId/call-log", async (req, reply) => {
    const route = accountRoute(ctx, req, reply, "Heavy");
    const ext = route && resolveExtension(ctx, route.caller, reply, route.params.extensionId);
    if (!ext) return reply;
    const path = `/restapi/v1.0/account/${ctx.dir.accountId}/extension/${ext.id}/call-log`;
    return list(req.query, reply, ext.id, path, renderContext(ctx, req));
  });

  app.get("/restapi/v1.0/account/:accountId/call-log", async (req, reply) => {
    if (!accountRoute(ctx, req, reply, "Heavy")) return reply;
    return list(
      req.query,
      reply,
      undefined,
      `/restapi/v1.0/account/${ctx.dir.accountId}/call-log`,
      renderContext(ctx, req),
    );
  });

  const single = (
    extensionId: string | undefined,
    recordId: string | undefined,
    reply: FastifyReply,
    render: ReturnType<typeof renderContext>,
    view: unknown,
  ) => {
    const now = ctx.config.now();
    const entry = ctx.calls.callLog.find(
      (e) => e.id === recordId && e.availableAt <= now && (!extensionId || e.extensionId === extensionId),
    );
    if (!entry) return rcErrors.notFound(reply, "callRecordId");
    return renderCallLogRecord(entry, render, view === "Detailed");
  };
  const viewOf = (q: unknown) => z.object({ view: z.string().optional() }).safeParse(q ?? {}).data?.view;

  app.get("/restapi/v1.0/account/:accountId/extension/:extensionId/call-log/:callRecordId", async (req, reply) => {
    const route = accountRoute(ctx, req, reply, "Heavy");
    const ext = route && resolveExtension(ctx, route.caller, reply, route.params.extensionId);
    if (!route || !ext) return reply;
    return single(ext.id, route.params.callRecordId, reply, renderContext(ctx, req), viewOf(req.query));
  });

  app.get("/restapi/v1.0/account/:accountId/call-log/:callRecordId", async (req, reply) => {
    const route = accountRoute(ctx, req, reply, "Heavy");
    if (!route) return reply;
    return single(undefined, route.params.callRecordId, reply, renderContext(ctx, req), viewOf(req.query));
  });

  app.get("/restapi/v1.0/account/:accountId/recording/:recordingId", async (req, reply) => {
    const route = accountRoute(ctx, req, reply, "Heavy");
    if (!route) return reply;
    const rec = ctx.dir.recordings.get(route.params.recordingId ?? "");
    if (!rec || rec.availableAt > ctx.config.now()) return rcErrors.notFound(reply, "recordingId");
    const { contentUri } = recordingRef(rec.id, renderContext(ctx, req));
    return { id: rec.id, contentUri, contentType: "audio/wav", duration: rec.durationSec };
  });

  // Served on the API host too: the sandbox is both the platform and the media entry point.
  app.get("/restapi/v1.0/account/:accountId/recording/:recordingId/content", async (req, reply) => {
    const route = accountRoute(ctx, req, reply, "Heavy", { queryToken: true });
    if (!route) return reply;
    const rec = ctx.dir.recordings.get(route.params.recordingId ?? "");
    if (!rec || rec.availableAt > ctx.config.now()) return rcErrors.notFound(reply, "recordingId");
    const query = contentQuery.safeParse(req.query ?? {});
    if (!query.success) return rcErrors.invalidParameter(reply, issueParameter(query.error, "query"));
    const disposition = query.data.contentDisposition === "Attachment" ? "attachment" : "inline";
    const filename = query.data.contentDispositionFilename ?? `${rec.id}.wav`;
    reply.header("content-disposition", `${disposition}; filename="${filename.replace(/"/g, "")}"`);
    const content = recordingBytes(ctx.voice, rec.id, rec.durationSec, rec.voicemail);
    return reply.type(content.type).send(content.bytes);
  });
}
