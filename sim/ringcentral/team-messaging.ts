import type { Chat, DirectoryState, Post } from "./state.ts";

/**
 * Team Messaging model. Person ids are extension ids (UNCONFIRMED in the docs but true in practice for users of
 * the same account); people outside the account, added by email, become guest persons with their own ids.
 */

export type MemberRef = { id?: string; email?: string };

export function resolveMembers(dir: DirectoryState, refs: MemberRef[]): { ok: true; ids: string[] } | { ok: false } {
  const ids: string[] = [];
  for (const ref of refs) {
    if (ref.id) {
      const known = dir.extensions.some((e) => e.id === ref.id) || [...dir.guests.values()].includes(ref.id);
      if (!known) return { ok: false };
      ids.push(ref.id);
    } else if (ref.email) {
      const email = ref.email.toLowerCase();
      const ext = dir.extensions.find((e) => e.email.toLowerCase() === email);
      let id = ext?.id ?? dir.guests.get(email);
      if (!id) {
        id = dir.seq.person.next();
        dir.guests.set(email, id);
      }
      ids.push(id);
    } else {
      return { ok: false };
    }
  }
  return { ok: true, ids };
}

/** Conversations are defined by their member set: the same set always opens the same chat. */
export function findOrCreateConversation(
  dir: DirectoryState,
  callerId: string,
  memberIds: string[],
  now: number,
): { chat: Chat; created: boolean } {
  const members = [...new Set([callerId, ...memberIds])].sort();
  const key = members.join(",");
  const type: Chat["type"] = members.length === 1 ? "Personal" : members.length === 2 ? "Direct" : "Group";
  const existing = [...dir.chats.values()].find((c) => c.key === key && c.type === type);
  if (existing) return { chat: existing, created: false };
  const chat: Chat = { id: dir.seq.chat.next(), type, memberIds: members, key, createdAt: now, modifiedAt: now };
  dir.chats.set(chat.id, chat);
  return { chat, created: true };
}

export function conversationJson(chat: Chat): Record<string, unknown> {
  return {
    id: chat.id,
    type: chat.type,
    creationTime: new Date(chat.createdAt).toISOString(),
    lastModifiedTime: new Date(chat.modifiedAt).toISOString(),
    members: chat.memberIds.map((id) => ({ id })),
  };
}

export function chatJson(chat: Chat): Record<string, unknown> {
  return { ...conversationJson(chat), status: "Active" };
}

export function postJson(post: Post): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: post.id,
    groupId: post.chatId,
    type: "TextMessage",
    text: post.text,
    creatorId: post.creatorId,
    addedPersonIds: [],
    creationTime: new Date(post.createdAt).toISOString(),
    lastModifiedTime: new Date(post.modifiedAt).toISOString(),
    attachments: post.attachments ?? [],
    mentions: [],
  };
  if (post.parentPostId) json.parentPostId = post.parentPostId;
  if (post.threadId) json.threadId = post.threadId;
  return json;
}

/** The documented 2,500 posts per user per day. */
export function takePostQuota(dir: DirectoryState, creatorId: string, now: number, perDay: number): boolean {
  const key = `${creatorId}:${new Date(now).toISOString().slice(0, 10)}`;
  const used = dir.postCounts.get(key) ?? 0;
  if (used >= perDay) return false;
  dir.postCounts.set(key, used + 1);
  return true;
}

export function addPost(
  dir: DirectoryState,
  chat: Chat,
  creatorId: string,
  input: { text: string; attachments?: unknown[]; parentPostId?: string; threadId?: string },
  now: number,
): Post {
  const post: Post = {
    id: dir.seq.post.next(),
    chatId: chat.id,
    creatorId,
    text: input.text,
    attachments: input.attachments ?? null,
    parentPostId: input.parentPostId,
    threadId: input.threadId,
    createdAt: now,
    modifiedAt: now,
  };
  dir.posts.push(post);
  chat.modifiedAt = now;
  return post;
}

/** `recordCount` + opaque `pageToken` paging of Team Messaging lists (newest first). */
export function tokenPage<T>(
  items: T[],
  recordCount: number,
  pageToken: string | undefined,
): { ok: true; records: T[]; navigation: Record<string, string> } | { ok: false } {
  const offset = pageToken === undefined ? 0 : Number(Buffer.from(pageToken, "base64url").toString("utf8"));
  if (!Number.isInteger(offset) || offset < 0) return { ok: false };
  const records = items.slice(offset, offset + recordCount);
  const navigation: Record<string, string> = {};
  if (offset + recordCount < items.length) {
    navigation.nextPageToken = Buffer.from(String(offset + recordCount)).toString("base64url");
  }
  if (offset > 0)
    navigation.prevPageToken = Buffer.from(String(Math.max(0, offset - recordCount))).toString("base64url");
  return { ok: true, records, navigation };
}
