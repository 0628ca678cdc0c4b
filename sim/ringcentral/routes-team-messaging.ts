import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { authorize, type Caller, routeParams, type SimContext } from "./context.ts";
import { rcErrors, sendRcError } from "./errors.ts";
import { postOutgoing } from "./events.ts";
import { multiValue } from "./paging.ts";
import { issueParameter } from "./routes-extensions.ts";
import type { Chat } from "./state.ts";
import {
  addPost,
  chatJson,
  conversationJson,
  findOrCreateConversation,
  postJson,
  resolveMembers,
  takePostQuota,
  tokenPage,
} from "./team-messaging.ts";

const conversationBody = z.object({
  members: z
    .array(z.object({ id: z.string().min(1).optional(), email: z.email().optional() }))
    .max(15)
    .optional(),
});
export const postBody = z
  .object({
    text: z.string().max(10_000).optional(),
    attachments: z.array(z.object({ id: z.string(), type: z.enum(["File", "Note", "Event", "Card"]) })).optional(),
    parentPostId: z.string().optional(),
    threadId: z.string().optional(),
  })
  .refine((b) => (b.text !== undefined && b.text !== "") || (b.attachments?.length ?? 0) > 0, { path: ["text"] });
const listQuery = z.object({
  recordCount: z.coerce.number().int().min(1).max(250).optional(),
  pageToken: z.string().optional(),
  type: multiValue,
});

function memberChat(
  ctx: SimContext,
  caller: Caller,
  reply: FastifyReply,
  chatId: string | undefined,
): Chat | undefined {
  const chat = chatId === undefined ? undefined : ctx.dir.chats.get(chatId);
  if (!chat?.memberIds.includes(caller.ownerId)) return void rcErrors.notFound(reply, "chatId");
  return chat;
}

/** Posts a message as `creatorId` and notifies subscribed members; shared with the `/_sim` scenario route. */
export async function createPost(
  ctx: SimContext,
  reply: FastifyReply,
  chat: Chat,
  creatorId: string,
  body: z.infer<typeof postBody>,
): Promise<FastifyReply> {
  const now = ctx.config.now();
  if (!takePostQuota(ctx.dir, creatorId, now, ctx.config.postsPerDay)) {
    // UNCONFIRMED error code; the status and message are documented.
    return sendRcError(reply, 500, "CMN-203", "You have exceeded your limits for this action.");
  }
  const post = addPost(ctx.dir, chat, creatorId, { ...body, text: body.text ?? "" }, now);
  await ctx.notifier.publish([postOutgoing(post, chat, "PostAdded")]);
  return reply.code(201).send(postJson(post));
}

/** Team Messaging v1 (doc §3.5): conversations, chats and posts. All Medium. */
export function registerTeamMessagingRoutes(app: FastifyInstance, ctx: SimContext): void {
  app.post("/team-messaging/v1/conversations", async (req, reply) => {
    const caller = authorize(ctx, req, reply, "Medium");
    if (!caller) return reply;
    const body = conversationBody.safeParse(req.body ?? {});
    if (!body.success) return rcErrors.invalidParameter(reply, issueParameter(body.error, "members"));
    const members = resolveMembers(ctx.dir, body.data.members ?? []);
    if (!members.ok) return rcErrors.invalidParameter(reply, "members");
    const { chat, created } = findOrCreateConversation(ctx.dir, caller.ownerId, members.ids, ctx.config.now());
    return reply.code(created ? 201 : 200).send(conversationJson(chat));
  });

  const listChats = (types: string[]) => async (req: FastifyRequest, reply: FastifyReply) => {
    const caller = authorize(ctx, req, reply, "Medium");
    if (!caller) return reply;
    const query = listQuery.safeParse(req.query ?? {});
    if (!query.success) return rcErrors.invalidParameter(reply, issueParameter(query.error, "query"));
    const wanted = query.data.type.length > 0 ? query.data.type : types;
    const chats = [...ctx.dir.chats.values()]
      .filter((c) => c.memberIds.includes(caller.ownerId) && (wanted.length === 0 || wanted.includes(c.type)))
      .sort((a, b) => b.modifiedAt - a.modifiedAt);
    const page = tokenPage(chats, query.data.recordCount ?? 30, query.data.pageToken);
    if (!page.ok) return rcErrors.invalidParameter(reply, "pageToken");
    const render = types.length > 0 ? conversationJson : chatJson;
    return { records: page.records.map(render), navigation: page.navigation };
  };
  app.get("/team-messaging/v1/conversations", listChats(["Personal", "Direct", "Group"]));
  app.get("/team-messaging/v1/chats", listChats([]));

  app.get("/team-messaging/v1/chats/:chatId", async (req, reply) => {
    const caller = authorize(ctx, req, reply, "Light");
    const chat = caller && memberChat(ctx, caller, reply, routeParams.parse(req.params).chatId);
    return chat ? chatJson(chat) : reply;
  });

  app.post("/team-messaging/v1/chats/:chatId/posts", async (req, reply) => {
    const caller = authorize(ctx, req, reply, "Medium");
    const chat = caller && memberChat(ctx, caller, reply, routeParams.parse(req.params).chatId);
    if (!caller || !chat) return reply;
    const body = postBody.safeParse(req.body ?? {});
    if (!body.success) return rcErrors.invalidParameter(reply, issueParameter(body.error, "text"));
    return createPost(ctx, reply, chat, caller.ownerId, body.data);
  });

  app.get("/team-messaging/v1/chats/:chatId/posts", async (req, reply) => {
    const caller = authorize(ctx, req, reply, "Medium");
    const chat = caller && memberChat(ctx, caller, reply, routeParams.parse(req.params).chatId);
    if (!chat) return reply;
    const query = listQuery.safeParse(req.query ?? {});
    if (!query.success) return rcErrors.invalidParameter(reply, issueParameter(query.error, "query"));
    // UNCONFIRMED order: newest first, as the Team Messaging apps show history.
    const posts = ctx.dir.posts.filter((p) => p.chatId === chat.id).reverse();
    const page = tokenPage(posts, query.data.recordCount ?? 30, query.data.pageToken);
    if (!page.ok) return rcErrors.invalidParameter(reply, "pageToken");
    return { records: page.records.map(postJson), navigation: page.navigation };
  });

  app.get("/team-messaging/v1/chats/:chatId/posts/:postId", async (req, reply) => {
    const caller = authorize(ctx, req, reply, "Light");
    const params = routeParams.parse(req.params);
    const chat = caller && memberChat(ctx, caller, reply, params.chatId);
    if (!chat) return reply;
    const post = ctx.dir.posts.find((p) => p.chatId === chat.id && p.id === params.postId);
    return post ? postJson(post) : rcErrors.notFound(reply, "postId");
  });

  app.patch("/team-messaging/v1/chats/:chatId/posts/:postId", async (req, reply) => {
    const caller = authorize(ctx, req, reply, "Medium");
    const params = routeParams.parse(req.params);
    const chat = caller && memberChat(ctx, caller, reply, params.chatId);
    if (!caller || !chat) return reply;
    const post = ctx.dir.posts.find((p) => p.chatId === chat.id && p.id === params.postId);
    if (!post) return rcErrors.notFound(reply, "postId");
    if (post.creatorId !== caller.ownerId)
      return rcErrors.forbidden(reply, "Requestor has no permissions to do this action");
    const body = z.object({ text: z.string().max(10_000) }).safeParse(req.body ?? {});
    if (!body.success) return rcErrors.invalidParameter(reply, "text");
    post.text = body.data.text;
    post.modifiedAt = ctx.config.now();
    await ctx.notifier.publish([postOutgoing(post, chat, "PostChanged")]);
    return postJson(post);
  });
}
