import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, login, startReceiver, startSim, type TestSim } from "./test-support.ts";

let t: TestSim;
let token: string;
let token2: string;
beforeAll(async () => {
  t = await startSim();
  token = (await login(t, 0)).access_token;
  token2 = (await login(t, 1)).access_token;
});
afterAll(async () => {
  await t.close();
});

describe("team messaging", () => {
  it("finds or creates a conversation by member set (201 then 200)", async () => {
    const other = t.creds.users[1];
    const first = await call(t.base, "POST", "/team-messaging/v1/conversations", {
      token,
      body: { members: [{ email: other?.email }] },
    });
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({ type: "Direct", id: expect.any(String) });
    expect(new Set((first.json.members as { id: string }[]).map((m) => m.id))).toEqual(
      new Set([t.creds.users[0]?.extensionId, other?.extensionId]),
    );
    const again = await call(t.base, "POST", "/team-messaging/v1/conversations", {
      token,
      body: { members: [{ id: other?.extensionId }] },
    });
    expect(again.status).toBe(200);
    expect(again.json.id).toBe(first.json.id);
    const fromOtherSide = await call(t.base, "POST", "/team-messaging/v1/conversations", {
      token: token2,
      body: { members: [{ id: t.creds.users[0]?.extensionId }] },
    });
    expect(fromOtherSide.json.id).toBe(first.json.id);
    const personal = await call(t.base, "POST", "/team-messaging/v1/conversations", { token, body: {} });
    expect(personal.json.type).toBe("Personal");
    const unknown = await call(t.base, "POST", "/team-messaging/v1/conversations", {
      token,
      body: { members: [{ id: "42" }] },
    });
    expect(unknown.status).toBe(400);
  });

  it("posts, lists, edits by the author only, and notifies subscribed members", async () => {
    const receiver = await startReceiver();
    await call(t.base, "POST", "/restapi/v1.0/subscription", {
      token: token2,
      body: {
        eventFilters: ["/team-messaging/v1/posts"],
        deliveryMode: { transportType: "WebHook", address: receiver.url },
      },
    });
    const chat = await call(t.base, "POST", "/team-messaging/v1/conversations", {
      token,
      body: { members: [{ id: t.creds.users[1]?.extensionId }] },
    });
    const chatId = String(chat.json.id);
    const post = await call(t.base, "POST", `/team-messaging/v1/chats/${chatId}/posts`, {
      token,
      body: { text: "Chat started with Jane" },
    });
    expect(post.status).toBe(201);
    expect(post.json).toMatchObject({
      groupId: chatId,
      type: "TextMessage",
      text: "Chat started with Jane",
      creatorId: t.creds.users[0]?.extensionId,
    });
    await call(t.base, "POST", `/team-messaging/v1/chats/${chatId}/posts`, { token, body: { text: "second" } });
    const list = await call(t.base, "GET", `/team-messaging/v1/chats/${chatId}/posts?recordCount=1`, { token });
    expect(list.json.records).toMatchObject([{ text: "second" }]);
    const next = (list.json.navigation as { nextPageToken?: string }).nextPageToken;
    const page2 = await call(
      t.base,
      "GET",
      `/team-messaging/v1/chats/${chatId}/posts?recordCount=1&pageToken=${next}`,
      { token },
    );
    expect(page2.json.records).toMatchObject([{ text: "Chat started with Jane" }]);

    const postId = String(post.json.id);
    const edited = await call(t.base, "PATCH", `/team-messaging/v1/chats/${chatId}/posts/${postId}`, {
      token,
      body: { text: "edited" },
    });
    expect(edited.json.text).toBe("edited");
    const notAuthor = await call(t.base, "PATCH", `/team-messaging/v1/chats/${chatId}/posts/${postId}`, {
      token: token2,
      body: { text: "x" },
    });
    expect(notAuthor.status).toBe(403);
    const outsider = (await login(t, 6)).access_token;
    expect(
      (
        await call(t.base, "POST", `/team-messaging/v1/chats/${chatId}/posts`, {
          token: outsider,
          body: { text: "hi" },
        })
      ).status,
    ).toBe(404);
    expect(
      (await call(t.base, "POST", `/team-messaging/v1/chats/${chatId}/posts`, { token, body: { text: "" } })).status,
    ).toBe(400);

    await t.sim.webhooks.idle();
    const events = receiver.notifications.map((n) => n.json);
    expect(events.map((e) => (e.body as { eventType: string }).eventType)).toEqual([
      "PostAdded",
      "PostAdded",
      "PostChanged",
    ]);
    expect(events[0]).toMatchObject({
      event: "/team-messaging/v1/posts",
      body: { groupId: chatId, creatorId: t.creds.users[0]?.extensionId },
    });
    await receiver.close();
  });

  it("enforces the daily post limit with the documented 500", async () => {
    const limited = await startSim({ postsPerDay: 1 });
    const tk = (await login(limited)).access_token;
    const chat = await call(limited.base, "POST", "/team-messaging/v1/conversations", { token: tk, body: {} });
    expect(
      (
        await call(limited.base, "POST", `/team-messaging/v1/chats/${chat.json.id}/posts`, {
          token: tk,
          body: { text: "1" },
        })
      ).status,
    ).toBe(201);
    const over = await call(limited.base, "POST", `/team-messaging/v1/chats/${chat.json.id}/posts`, {
      token: tk,
      body: { text: "2" },
    });
    expect(over.status).toBe(500);
    expect(over.json.message).toBe("You have exceeded your limits for this action.");
    await limited.close();
  });
});
