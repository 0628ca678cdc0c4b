import type { TestHub } from "./hub.ts";

export type Json = Record<string, unknown>;

/** Polls `check` until it returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 20_000,
  what = "condition",
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function createAgent(hub: TestHub, name: string, extra: Json = {}): Promise<string> {
  const email = `${name.toLowerCase().replace(/\W/g, "")}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const res = await hub.api("POST", "/api/agents", { name, email });
  if (res.status !== 201) throw new Error(`agent: ${res.status} ${JSON.stringify(res.body)}`);
  const id = (res.body as { id: string }).id;
  if (Object.keys(extra).length > 0) await hub.api("PATCH", `/api/agents/${id}`, extra);
  return id;
}

export async function createGroup(hub: TestHub, body: Json, agentIds: string[]): Promise<string> {
  const res = await hub.api("POST", "/api/chat/groups", body);
  if (res.status !== 201) throw new Error(`group: ${res.status} ${JSON.stringify(res.body)}`);
  const id = (res.body as { id: string }).id;
  if (agentIds.length > 0) await hub.api("POST", `/api/chat/groups/${id}/agents`, { agentIds });
  return id;
}

/** A visitor request: the widget's token instead of the admin key. */
export async function widget(
  hub: TestHub,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
): Promise<{ status: number; body: Json; headers: Headers }> {
  const res = await fetch(`${hub.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Json) : {}, headers: res.headers };
}

export async function conversation(hub: TestHub, id: string): Promise<Json> {
  return (await hub.api("GET", `/api/chat/conversations/${id}`)).body as Json;
}

/** A JSON WebSocket client that records every frame. */
export class FrameSocket {
  readonly frames: Json[] = [];
  readonly ws: WebSocket;
  readonly opened: Promise<void>;
  closed = false;
  constructor(url: string) {
    this.ws = new WebSocket(url);
    this.opened = new Promise((resolve, reject) => {
      this.ws.addEventListener("open", () => resolve());
      this.ws.addEventListener("error", () => reject(new Error(`socket error ${url}`)));
    });
    this.ws.addEventListener("message", (m) => this.frames.push(JSON.parse(String(m.data)) as Json));
    this.ws.addEventListener("close", () => {
      this.closed = true;
    });
  }
  send(frame: Json): void {
    this.ws.send(JSON.stringify(frame));
  }
  events(): Array<{ position: number; text: string; authorType: string; type: string }> {
    return this.frames
      .filter((f) => f.type === "event")
      .map((f) => f.event as { position: number; text: string; authorType: string; type: string });
  }
  close(): void {
    this.ws.close();
  }
}
