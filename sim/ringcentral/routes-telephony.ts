import type { FastifyInstance, FastifyReply } from "fastify";
import { activeCallRecord } from "./call-log.ts";
import { type CallSession, isLive, partyJson } from "./call-model.ts";
import type { CallResult } from "./calls.ts";
import { accountRoute, renderContext, resolveExtension, type SimContext } from "./context.ts";
import { rcErrors, sendRcError } from "./errors.ts";
import { pageUri, paginate, pagingQuery, parsePaging } from "./paging.ts";
import { issueParameter } from "./routes-extensions.ts";
import type { Extension } from "./state.ts";

const SESSION = "/restapi/v1.0/account/:accountId/telephony/sessions/:telephonySessionId";

/** `CallParty` of the call-control API: the notification party plus its owner. */
function callParty(ctx: SimContext, session: CallSession, partyId: string): Record<string, unknown> | undefined {
  const party = session.parties.find((p) => p.id === partyId);
  if (!party) return undefined;
  const json = partyJson(party, ctx.dir.accountId, true);
  if (party.extensionId) json.owner = { accountId: ctx.dir.accountId, extensionId: party.extensionId };
  return json;
}

/** Finished sessions are gone from the call-control API. */
function liveSession(ctx: SimContext, reply: FastifyReply, id: string | undefined): CallSession | undefined {
  const session = id === undefined ? undefined : ctx.calls.sessions.get(id);
  if (!session || session.endedAt !== undefined) return void rcErrors.notFound(reply, "telephonySessionId");
  return session;
}

/** UNCONFIRMED error code for acting on a party in the wrong state (the spec lists 409 without codes). */
function conflict(reply: FastifyReply): FastifyReply {
  return sendRcError(reply, 409, "TAS-102", "Incorrect State");
}

export function registerTelephonyRoutes(app: FastifyInstance, ctx: SimContext): void {
  app.get(SESSION, async (req, reply) => {
    const route = accountRoute(ctx, req, reply, "Light");
    const session = route && liveSession(ctx, reply, route.params.telephonySessionId);
    if (!session) return reply;
    return {
      id: session.id,
      origin: { type: "Call" },
      creationTime: new Date(session.createdAt).toISOString(),
      parties: session.parties.map((p) => callParty(ctx, session, p.id)),
    };
  });

  app.delete(SESSION, async (req, reply) => {
    const route = accountRoute(ctx, req, reply, "Light");
    const session = route && liveSession(ctx, reply, route.params.telephonySessionId);
    if (!session) return reply;
    return finish(ctx, reply, ctx.calls.end(session, "agent"), 204);
  });

  app.get(`${SESSION}/parties/:partyId`, async (req, reply) => {
    const route = accountRoute(ctx, req, reply, "Light");
    const session = route && liveSession(ctx, reply, route.params.telephonySessionId);
    if (!route || !session) return reply;
    return callParty(ctx, session, route.params.partyId ?? "") ?? rcErrors.notFound(reply, "partyId");
  });

  app.delete(`${SESSION}/parties/:partyId`, async (req, reply) => {
    const route = accountRoute(ctx, req, reply, "Light");
    const session = route && liveSession(ctx, reply, route.params.telephonySessionId);
    if (!route || !session) return reply;
    const partyId = route.params.partyId;
    if (!session.parties.some((p) => p.id === partyId)) return rcErrors.notFound(reply, "partyId");
    return finish(ctx, reply, ctx.calls.end(session, partyId === session.agentPartyId ? "agent" : "remote"), 204);
  });

  for (const action of ["hold", "unhold"] as const) {
    app.post(`${SESSION}/parties/:partyId/${action}`, async (req, reply) => {
      const route = accountRoute(ctx, req, reply, "Light");
      const session = route && liveSession(ctx, reply, route.params.telephonySessionId);
      if (!route || !session) return reply;
      const partyId = route.params.partyId ?? "";
      if (!session.parties.some((p) => p.id === partyId)) return rcErrors.notFound(reply, "partyId");
      const result = ctx.calls.hold(session, action === "hold", { partyId });
      if (!result.ok) return conflict(reply);
      await ctx.notifier.publish(result.events);
      return callParty(ctx, session, partyId);
    });
  }

  app.get("/restapi/v1.0/account/:accountId/extension/:extensionId/active-calls", async (req, reply) => {
    const route = accountRoute(ctx, req, reply, "Heavy");
    if (!route) return reply;
    const ext = resolveExtension(ctx, route.caller, reply, route.params.extensionId);
    if (!ext) return reply;
    const path = `/restapi/v1.0/account/${ctx.dir.accountId}/extension/${ext.id}/active-calls`;
    return listActive(ctx, req.query, reply, [ext], path, renderContext(ctx, req));
  });

  app.get("/restapi/v1.0/account/:accountId/active-calls", async (req, reply) => {
    const route = accountRoute(ctx, req, reply, "Heavy");
    if (!route) return reply;
    const path = `/restapi/v1.0/account/${ctx.dir.accountId}/active-calls`;
    return listActive(ctx, req.query, reply, ctx.dir.extensions, path, renderContext(ctx, req));
  });
}

function listActive(
  ctx: SimContext,
  rawQuery: unknown,
  reply: FastifyReply,
  extensions: Extension[],
  path: string,
  render: ReturnType<typeof renderContext>,
) {
  const query = pagingQuery.safeParse(rawQuery ?? {});
  if (!query.success) return rcErrors.invalidParameter(reply, issueParameter(query.error, "query"));
  const paging = parsePaging(query.data, true);
  if (!paging.ok) return rcErrors.invalidParameter(reply, paging.parameter);
  const now = ctx.config.now();
  const records = extensions.flatMap((ext) =>
    [...ctx.calls.sessions.values()].flatMap((session) =>
      session.parties
        .filter((p) => p.extensionId === ext.id && isLive(p))
        .map((p) => activeCallRecord(session, p, ext, ctx.dir, render, now)),
    ),
  );
  const page = paginate(records, paging.value, pageUri(render.base, path, query.data));
  return { uri: page.uri, records: page.records, paging: page.paging, navigation: page.navigation };
}

async function finish(ctx: SimContext, reply: FastifyReply, result: CallResult, status: number): Promise<FastifyReply> {
  if (!result.ok) return conflict(reply);
  await ctx.notifier.publish(result.events);
  return reply.code(status).send();
}
