import { and, desc, eq, sql } from "drizzle-orm";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { handoffGroup } from "../bot/channels/livechat-send.ts";
import { botContext } from "../bot/context.ts";
import { returnToBot } from "../bot/conversations.ts";
import { type BotInbox, listInboxes, loadInbox, saveInbox } from "../bot/inboxes.ts";
import { INBOX_ID, type InboxSettings } from "../bot/settings.ts";
import { spentToday } from "../bot/usage.ts";
import { audit } from "../db/audit.ts";
import { BOT_OWNERS, botAudit, botContactMemory, botConversations, botUsage } from "../db/schema/index.ts";
import { principalOf } from "../http/auth.ts";
import { ApiError, notFound } from "../http/errors.ts";
import type { RouteContext } from "../http/routes.ts";
import {
  auditEntrySchema,
  type BotInboxDto,
  createInboxBody,
  inboxSchema,
  memorySchema,
  putInboxBody,
  usageSchema,
} from "./bot-contracts.ts";
import { listQuery, page } from "./contracts.ts";
import { afterKey, cutPage, fetchSize } from "./pagination.ts";

const inboxParams = z.object({ id: z.string().regex(INBOX_ID, "letters, digits and _.:- (at most 64)") });

/** Per-inbox settings, the audit log, usage and cost, contact memory, and ownership actions. */
export async function botAdminRoutes(ctx: RouteContext): Promise<void> {
  const { app, deps, auth } = ctx;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["bot"];
  const db = deps.database.db;
  const bot = botContext(deps);
  const base = deps.config.PUBLIC_URL ?? `http://${deps.config.HOST}:${deps.config.PORT}`;
  const dto = (workspaceId: string, id: string, settings: InboxSettings, inbox: BotInbox | null): BotInboxDto => ({
    id,
    settings,
    credentials: Object.fromEntries(Object.entries(inbox?.credentials ?? {}).map(([k, v]) => [k, Boolean(v)])),
    webhookUrl: `${base.replace(/\/+$/, "")}/webhooks/bot/${workspaceId}/${id}`,
    updatedAt: inbox?.updatedAt.toISOString() ?? null,
  });

  r.get(
    "/api/bot/inboxes",
    {
      preHandler: auth("agent"),
      schema: {
        tags,
        summary: "Inboxes with a bot configuration",
        response: { 200: z.object({ items: z.array(inboxSchema) }) },
      },
    },
    async (req) => {
      const workspaceId = principalOf(req).workspaceId;
      const items = [];
      for (const row of await listInboxes(db, workspaceId)) {
        items.push(dto(workspaceId, row.id, row.settings, await loadInbox(db, deps.secretKey, workspaceId, row.id)));
      }
      return { items };
    },
  );

  r.get(
    "/api/bot/inboxes/:id",
    {
      preHandler: auth("agent"),
      schema: { tags, summary: "An inbox's bot configuration", params: inboxParams, response: { 200: inboxSchema } },
    },
    async (req) => {
      const workspaceId = principalOf(req).workspaceId;
      const inbox = await loadInbox(db, deps.secretKey, workspaceId, req.params.id);
      if (!inbox) throw notFound("bot inbox");
      return dto(workspaceId, inbox.id, inbox.settings, inbox);
    },
  );

  const save = async (
    principal: { workspaceId: string; actor: string },
    id: string,
    body: z.infer<typeof putInboxBody>,
  ): Promise<BotInboxDto> => {
    const { credentials, ...settings } = body;
    // The widget channel is not wired yet; turning the bot on there would silently do nothing.
    if (settings.enabled && settings.channel === "widget")
      throw new ApiError(
        "validation_failed",
        "the widget bot channel is not available yet: only chatwoot and livechat can be enabled",
      );
    if (settings.channel === "livechat" && handoffGroup(settings.handoffTeamId) === null)
      throw new ApiError("validation_failed", "a LiveChat handoffTeamId is a group id (a whole number)");
    if (settings.enabled && !settings.connectionId)
      throw new ApiError("validation_failed", `a ${settings.channel} bot needs a connectionId`);
    const saved = await saveInbox(db, deps.secretKey, principal.workspaceId, id, settings, credentials);
    await audit(db, {
      workspaceId: principal.workspaceId,
      actor: principal.actor,
      action: "bot.inbox.saved",
      target: id,
      details: {
        enabled: settings.enabled,
        channel: settings.channel,
        provider: settings.provider,
        threshold: settings.threshold,
      },
    });
    return dto(principal.workspaceId, saved.id, saved.settings, saved);
  };

  r.post(
    "/api/bot/inboxes",
    {
      preHandler: auth("supervisor"),
      schema: {
        tags,
        summary: "Configure the bot for a new inbox",
        body: createInboxBody,
        response: { 201: inboxSchema },
      },
    },
    async (req, reply) => {
      const principal = principalOf(req);
      const { id, ...body } = req.body;
      if (await loadInbox(db, deps.secretKey, principal.workspaceId, id))
        throw new ApiError("conflict", `bot inbox ${id} exists: PUT /api/bot/inboxes/${id} changes it`);
      reply.code(201);
      return save(principal, id, body);
    },
  );

  r.put(
    "/api/bot/inboxes/:id",
    {
      preHandler: auth("supervisor"),
      schema: {
        tags,
        summary: 'Change an inbox\'s bot configuration (secrets are write-only; "" removes one)',
        params: inboxParams,
        body: putInboxBody,
        response: { 200: inboxSchema },
      },
    },
    async (req) => {
      const principal = principalOf(req);
      if (!(await loadInbox(db, deps.secretKey, principal.workspaceId, req.params.id))) throw notFound("bot inbox");
      return save(principal, req.params.id, req.body);
    },
  );

  r.get(
    "/api/bot/audit",
    {
      preHandler: auth("supervisor"),
      schema: {
        tags,
        summary: "Every bot decision, newest first",
        querystring: listQuery.extend({
          inboxId: z.string().max(64).optional(),
          decision: z.string().max(32).optional(),
        }),
        response: { 200: page(auditEntrySchema) },
      },
    },
    async (req) => {
      const { limit, cursor, inboxId, decision } = req.query;
      const rows = await db
        .select()
        .from(botAudit)
        .where(
          and(
            eq(botAudit.workspaceId, principalOf(req).workspaceId),
            inboxId ? eq(botAudit.inboxId, inboxId) : undefined,
            decision ? eq(botAudit.decision, decision) : undefined,
            afterKey(botAudit.id, cursor),
          ),
        )
        .orderBy(desc(botAudit.id))
        .limit(fetchSize(limit));
      const cut = cutPage(rows, limit, (r) => r.id);
      const items = cut.rows.map(({ workspaceId: _w, costMicros, at, ...rest }) => ({
        ...rest,
        costUsd: costMicros / 1_000_000,
        at: at.toISOString(),
      }));
      return { items, nextCursor: cut.nextCursor };
    },
  );

  r.get(
    "/api/bot/usage",
    {
      preHandler: auth("supervisor"),
      schema: {
        tags,
        summary: "Tokens and cost per provider per day, the budget, resolution and handoff rates",
        response: { 200: usageSchema },
      },
    },
    async (req) => {
      const workspaceId = principalOf(req).workspaceId;
      const days = await db
        .select()
        .from(botUsage)
        .where(eq(botUsage.workspaceId, workspaceId))
        .orderBy(desc(botUsage.day))
        .limit(90);
      const counts = await db
        .select({
          owner: botConversations.owner,
          total: sql<number>`count(*)::int`,
          resolved: sql<number>`count(*) filter (where ${botConversations.lastAuthor} = 'bot' and not ${botConversations.askedForHuman} and ${botConversations.owner} <> 'human')::int`,
          handedOff: sql<number>`count(*) filter (where ${botConversations.owner} = 'human' or ${botConversations.askedForHuman})::int`,
        })
        .from(botConversations)
        .where(eq(botConversations.workspaceId, workspaceId))
        .groupBy(botConversations.owner);
      const byOwner = Object.fromEntries(BOT_OWNERS.map((o) => [o, 0])) as Record<(typeof BOT_OWNERS)[number], number>;
      let total = 0;
      let resolved = 0;
      let handedOff = 0;
      for (const c of counts) {
        byOwner[c.owner] = c.total;
        total += c.total;
        resolved += c.resolved;
        handedOff += c.handedOff;
      }
      return {
        budgetUsd: bot.dailyBudgetMicros / 1_000_000,
        spentTodayUsd: (await spentToday(db, workspaceId, deps.now())) / 1_000_000,
        days: days.map(({ workspaceId: _w, costMicros, ...d }) => ({ ...d, costUsd: costMicros / 1_000_000 })),
        conversations: {
          total,
          handedOff,
          resolved,
          resolutionRate: total === 0 ? 0 : resolved / total,
          handoffRate: total === 0 ? 0 : handedOff / total,
          byOwner,
        },
      };
    },
  );

  r.get(
    "/api/bot/memory",
    {
      preHandler: auth("supervisor"),
      schema: {
        tags,
        summary: "What the bot remembers per contact",
        querystring: listQuery,
        response: { 200: page(memorySchema) },
      },
    },
    async (req) => {
      const { limit, cursor } = req.query;
      const rows = await db
        .select()
        .from(botContactMemory)
        .where(
          and(
            eq(botContactMemory.workspaceId, principalOf(req).workspaceId),
            afterKey(botContactMemory.contactKey, cursor),
          ),
        )
        .orderBy(desc(botContactMemory.contactKey))
        .limit(fetchSize(limit));
      const cut = cutPage(rows, limit, (r) => r.contactKey);
      const items = cut.rows.map((m) => ({
        contactKey: m.contactKey,
        facts: m.facts,
        updatedAt: m.updatedAt.toISOString(),
      }));
      return { items, nextCursor: cut.nextCursor };
    },
  );

  r.delete(
    "/api/bot/memory/:contactKey",
    {
      preHandler: auth("supervisor"),
      schema: {
        tags,
        summary: "Erase what the bot remembers about a contact",
        params: z.object({ contactKey: z.string().max(200) }),
        response: { 200: z.object({ erased: z.boolean() }) },
      },
    },
    async (req) => {
      const principal = principalOf(req);
      const gone = await db
        .delete(botContactMemory)
        .where(
          and(
            eq(botContactMemory.workspaceId, principal.workspaceId),
            eq(botContactMemory.contactKey, req.params.contactKey),
          ),
        )
        .returning({ key: botContactMemory.contactKey });
      if (gone.length === 0) throw notFound("contact memory");
      await audit(db, {
        workspaceId: principal.workspaceId,
        actor: principal.actor,
        action: "bot.memory.erased",
        target: req.params.contactKey,
        details: {},
      });
      return { erased: true };
    },
  );

  r.post(
    "/api/bot/conversations/:id/return-to-bot",
    {
      preHandler: auth("agent"),
      schema: {
        tags,
        summary: "Give a conversation back to the bot (the only way back from a human)",
        params: z.object({ id: z.string().max(64) }),
        response: { 200: z.object({ owner: z.enum(BOT_OWNERS) }) },
      },
    },
    async (req) => {
      const principal = principalOf(req);
      const owner = await returnToBot(db, principal.workspaceId, req.params.id, principal.actor);
      if (!owner) throw notFound("bot conversation");
      return { owner };
    },
  );
}
