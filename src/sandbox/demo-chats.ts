import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";

const VISITORS = [
  "Iris Hale",
  "Omar Diaz",
  "Lena Park",
  "Tom Reyes",
  "Ayo Bello",
  "Nina Ross",
  "Ravi Shah",
  "June Kim",
];
const OPENERS = [
  "Hi! Where is my order #4411?",
  "Can I change the delivery address?",
  "Do you ship to Canada?",
  "My invoice shows the wrong VAT number.",
  "How do I reset my password?",
];
const REPLIES = ["Let me check that for you.", "Thanks for waiting — it is on its way.", "Done! Anything else?"];

const session = z.object({ sessionToken: z.string(), conversationId: z.string() });
const conversation = z.object({
  status: z.string(),
  agentId: z.string().nullable(),
  activeThreadId: z.string().nullable(),
});

export type DemoChatOptions = {
  hubUrl: string;
  adminKey: string;
  speed: number;
  signal?: AbortSignal;
  print: (line: string) => void;
};

/**
 * Widget visitors for the scripted day: a built-in chat starts every ~40 s (real time, divided by the speed),
 * the agent it was routed to answers, and it closes a minute or two later. Routing decides who gets it, on
 * the same agent state as the LiveChat and Chatwoot chats of the day, so an agent on a call gets none.
 */
export async function playWidgetChats(options: DemoChatOptions): Promise<void> {
  const { hubUrl, adminKey, signal } = options;
  const wait = (ms: number) =>
    sleep(ms / options.speed, undefined, signal ? { signal } : {}).then(
      () => true,
      () => false,
    );
  const call = async (method: string, path: string, body?: unknown, token = adminKey) => {
    const res = await fetch(`${hubUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return res.ok ? ((await res.json()) as unknown) : undefined;
  };
  const open: Array<{ id: string; token: string; closeAt: number; answered: boolean }> = [];
  for (let n = 0; !signal?.aborted; n++) {
    const visitor = VISITORS[n % VISITORS.length] ?? "Visitor";
    const started = session.safeParse(
      await call(
        "POST",
        "/api/widget/sessions",
        { visitor: { name: visitor }, message: OPENERS[n % OPENERS.length] },
        "",
      ),
    );
    if (started.success) {
      open.push({
        id: started.data.conversationId,
        token: started.data.sessionToken,
        closeAt: Date.now() + (60_000 + (n % 3) * 30_000) / options.speed,
        answered: false,
      });
      options.print(`  widget: ${visitor} opened a built-in chat`);
    }
    for (let tick = 0; tick < 8; tick++) {
      if (!(await wait(5_000))) return;
      for (const chat of [...open]) {
        const c = conversation.safeParse(await call("GET", `/api/chat/conversations/${chat.id}`));
        if (!c.success) continue;
        if (c.data.status === "assigned" && !chat.answered && c.data.activeThreadId && c.data.agentId) {
          chat.answered = true;
          await call("POST", `/api/chat/threads/${c.data.activeThreadId}/events`, {
            type: "message",
            text: REPLIES[n % REPLIES.length],
            authorId: c.data.agentId,
          });
        }
        if (Date.now() >= chat.closeAt && c.data.status !== "queued") {
          await call("POST", `/api/chat/conversations/${chat.id}/close`);
          open.splice(open.indexOf(chat), 1);
        }
      }
    }
  }
}
