import type { WebSocket } from "ws";
import type { ChatEventRow } from "./store.ts";
import { eventDto } from "./views.ts";

export type Frame = { type: string } & Record<string, unknown>;

/**
 * One socket and, per conversation it follows, the last position it was sent. Deliveries per conversation run
 * one after another (a promise chain), and only events past the cursor are sent: a notice that arrives twice,
 * late, or together with a resume read never duplicates or reorders anything.
 */
export class ChatConnection {
  readonly socket: WebSocket;
  readonly kind: "agent" | "visitor";
  readonly workspaceId: string;
  readonly agentId: string | null;
  readonly seesAll: boolean;
  readonly cursors = new Map<string, number>();
  readonly #chains = new Map<string, Promise<void>>();

  constructor(
    socket: WebSocket,
    init: { kind: "agent" | "visitor"; workspaceId: string; agentId: string | null; seesAll: boolean },
  ) {
    this.socket = socket;
    this.kind = init.kind;
    this.workspaceId = init.workspaceId;
    this.agentId = init.agentId;
    this.seesAll = init.seesAll;
  }

  get open(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }

  send(frame: Frame): void {
    if (this.open) this.socket.send(JSON.stringify(frame));
  }

  follows(conversationId: string): boolean {
    return this.cursors.has(conversationId);
  }

  follow(conversationId: string, after: number): void {
    if (!this.cursors.has(conversationId)) this.cursors.set(conversationId, after);
  }

  unfollow(conversationId: string): void {
    this.cursors.delete(conversationId);
  }

  /** Sends what `load` returns past this socket's cursor, in order, after any delivery still running. */
  deliver(conversationId: string, load: (after: number) => Promise<ChatEventRow[]>): Promise<void> {
    const previous = this.#chains.get(conversationId) ?? Promise.resolve();
    const next = previous.then(async () => {
      for (;;) {
        const after = this.cursors.get(conversationId);
        if (after === undefined || !this.open) return;
        const events = await load(after);
        let sent = after;
        for (const e of events) {
          if (e.position <= sent) continue;
          sent = e.position;
          if (this.kind === "visitor" && e.metadata.internal === true) continue;
          this.send({ type: "event", event: eventDto(e) });
        }
        if (this.cursors.has(conversationId)) this.cursors.set(conversationId, sent);
        // A full page means there may be more.
        if (events.length < 500) return;
      }
    });
    const settled = next.catch(() => undefined);
    this.#chains.set(conversationId, settled);
    void settled.then(() => {
      if (this.#chains.get(conversationId) === settled) this.#chains.delete(conversationId);
    });
    return next;
  }
}
