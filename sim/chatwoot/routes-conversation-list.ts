import type { FastifyInstance, FastifyRequest } from "fastify";
import { authenticateUser } from "./auth.ts";
import { CHATWOOT_ERRORS, CHATWOOT_LIMITS } from "./constants.ts";
import type { SimContext } from "./context.ts";
import { ChatwootError, notFound } from "./errors.ts";
import type { Actor, Conversation, User } from "./model.ts";
import { pageOf, pathId, queryString } from "./params.ts";
import { conversationJson } from "./present-rest.ts";

/** A conversation the caller may see: agents only see inboxes they belong to (Pundit → 401). */
export function findConversation(ctx: SimContext, actor: Actor, req: FastifyRequest): Conversation {
  const conv = ctx.state.conversations.get(pathId(req.params, "conversationId"));
  if (!conv) throw notFound();
  if (actor.kind === "user" && actor.user.role === "agent") {
    const inbox = ctx.state.inboxes.get(conv.inboxId);
    if (!inbox?.memberIds.includes(actor.user.id)) throw new ChatwootError(401, CHATWOOT_ERRORS.forbidden);
  }
  return conv;
}

function visibleTo(ctx: SimContext, user: User): Conversation[] {
  const all = [...ctx.state.conversations.values()];
  if (user.role === "administrator") return all;
  return all.filter((c) => ctx.state.inboxes.get(c.inboxId)?.memberIds.includes(user.id));
}

function queryList(query: unknown, name: string): string[] {
  const q = query as Record<string, unknown> | undefined;
  const value = q?.[`${name}[]`] ?? q?.[name];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  return typeof value === "string" ? value.split(",").filter(Boolean) : [];
}

/** `ConversationFinder`: every filter except the assignee type, which only splits the counts. */
function baseFilter(ctx: SimContext, user: User, query: unknown): Conversation[] {
  const status = queryString(query, "status") ?? "open";
  const inboxId = queryString(query, "inbox_id");
  const teamId = queryString(query, "team_id");
  const labels = queryList(query, "labels");
  const q = queryString(query, "q")?.toLowerCase();
  const sourceId = queryString(query, "source_id");
  const updatedWithin = Number(queryString(query, "updated_within"));
  const now = ctx.config.now();
  return visibleTo(ctx, user).filter((c) => {
    if (status !== "all" && c.status !== status) return false;
    if (inboxId !== undefined && String(c.inboxId) !== inboxId) return false;
    // The sandbox has no teams, so a team filter matches nothing.
    if (teamId !== undefined && teamId !== "") return false;
    if (labels.length > 0 && !labels.some((l) => c.labels.includes(l))) return false;
    if (q && !c.messages.some((m) => m.content?.toLowerCase().includes(q))) return false;
    if (sourceId !== undefined && ctx.state.contactInboxes.get(c.contactInboxId)?.sourceId !== sourceId) return false;
    if (updatedWithin > 0 && c.updatedAt < now - updatedWithin * 1000) return false;
    return true;
  });
}

function counts(list: Conversation[], user: User) {
  return {
    mine_count: list.filter((c) => c.assigneeId === user.id).length,
    assigned_count: list.filter((c) => c.assigneeId !== null).length,
    unassigned_count: list.filter((c) => c.assigneeId === null).length,
    all_count: list.length,
  };
}

function byAssigneeType(list: Conversation[], user: User, type: string | undefined): Conversation[] {
  switch (type) {
    case "me":
      return list.filter((c) => c.assigneeId === user.id);
    case "unassigned":
      return list.filter((c) => c.assigneeId === null);
    case "assigned":
      return list.filter((c) => c.assigneeId !== null);
    default:
      return list;
  }
}

/** Conversation list (`{data: {meta, payload}}`, 25 a page, latest activity first) and its counts (doc §5.2). */
export function registerConversationListRoutes(app: FastifyInstance, ctx: SimContext): void {
  app.get("/api/v1/accounts/:accountId/conversations", async (req) => {
    const user = authenticateUser(ctx, req, "conversations#index");
    const base = baseFilter(ctx, user, req.query);
    const filtered = byAssigneeType(base, user, queryString(req.query, "assignee_type"));
    filtered.sort((a, b) => b.lastActivityAt - a.lastActivityAt || b.id - a.id);
    const { page } = pageOf(req.query);
    const size = CHATWOOT_LIMITS.conversationsPerPage;
    const view = { state: ctx.state, live: true };
    return {
      data: {
        meta: counts(base, user),
        payload: filtered.slice((page - 1) * size, page * size).map((c) => conversationJson(view, c)),
      },
    };
  });

  app.get("/api/v1/accounts/:accountId/conversations/meta", async (req) => {
    const user = authenticateUser(ctx, req, "conversations#meta");
    return { meta: counts(baseFilter(ctx, user, req.query), user) };
  });
}
