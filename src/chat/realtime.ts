import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { chatConversations } from "../db/schema/index.ts";
import type { ChatBus } from "./bus.ts";
import type { ChatNotice } from "./notices.ts";
import type { ChatConnection } from "./realtime-conn.ts";
import { eventsAfter } from "./store.ts";
import { conversationDtos } from "./views.ts";

/**
 * This process's chat sockets, fed by the bus (PostgreSQL LISTEN): notices carry ids, the hub reads the rows
 * and sends each socket what it follows. Visitors follow their conversation; agents follow the chats they open
 * and every chat assigned to them; everyone in the workspace hears about queue and conversation changes.
 */
export class RealtimeHub {
  readonly #db: Db;
  readonly #bus: ChatBus;
  readonly #conns = new Map<string, Set<ChatConnection>>();
  #unsubscribe: (() => void) | null = null;

  constructor(db: Db, bus: ChatBus) {
    this.#db = db;
    this.#bus = bus;
  }

  /** Registers a socket; resolves once the bus listens, so nothing committed afterwards is missed. */
  async add(conn: ChatConnection): Promise<() => void> {
    this.#unsubscribe ??= await this.#bus.subscribe((n) => this.#onNotice(n));
    const set = this.#conns.get(conn.workspaceId) ?? new Set();
    set.add(conn);
    this.#conns.set(conn.workspaceId, set);
    return () => {
      set.delete(conn);
      if (set.size === 0) this.#conns.delete(conn.workspaceId);
    };
  }

  get size(): number {
    let n = 0;
    for (const set of this.#conns.values()) n += set.size;
    return n;
  }

  close(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    for (const set of this.#conns.values()) for (const c of set) c.socket.close(1001, "server shutting down");
    this.#conns.clear();
  }

  deliver(conn: ChatConnection, conversationId: string): Promise<void> {
    return conn.deliver(conversationId, (after) => eventsAfter(this.#db, conn.workspaceId, conversationId, after));
  }

  #onNotice(n: ChatNotice): void {
    const conns = this.#conns.get(n.w);
    if (!conns || conns.size === 0) return;
    switch (n.k) {
      case "e":
        for (const c of conns) if (c.follows(n.c)) void this.deliver(c, n.c).catch(() => undefined);
        return;
      case "t":
      case "r": {
        const frame =
          n.k === "t"
            ? { type: "typing", conversationId: n.c, by: n.by, on: n.on }
            : { type: "read", conversationId: n.c, by: n.by, position: n.p };
        const to = n.by === "agent" ? "visitor" : "agent";
        for (const c of conns) if (c.kind === to && c.follows(n.c)) c.send(frame);
        return;
      }
      case "o":
        for (const c of conns)
          if (c.kind === "agent" && c.agentId === n.a) c.send({ type: "offer", conversationId: n.c });
        return;
      case "c":
        void this.#conversationChanged(conns, n.c, n.a ?? null).catch(() => undefined);
        return;
      case "q":
        void this.#queueMoved(n.w, conns).catch(() => undefined);
        return;
    }
  }

  async #conversationChanged(conns: Set<ChatConnection>, id: string, agentId: string | null): Promise<void> {
    const [row] = await this.#db.select().from(chatConversations).where(eq(chatConversations.id, id));
    if (!row) return;
    const [dto] = await conversationDtos(this.#db, [row]);
    for (const c of conns) {
      if (c.kind === "visitor") {
        if (c.follows(id)) c.send({ type: "status", status: row.status, agentId: row.agentId });
        continue;
      }
      const mine = c.agentId !== null && (row.agentId === c.agentId || agentId === c.agentId);
      if (!(c.seesAll || mine || row.status === "queued" || c.follows(id))) continue;
      c.send({
        type: row.agentId === c.agentId && row.status === "assigned" ? "assignment" : "conversation",
        conversation: dto,
      });
      // A chat assigned to this agent is followed from its start, so the agent sees the visitor's first words.
      if (row.agentId === c.agentId && row.status === "assigned" && !c.follows(id)) {
        c.follow(id, 0);
        void this.deliver(c, id).catch(() => undefined);
      }
    }
  }

  async #queueMoved(workspaceId: string, conns: Set<ChatConnection>): Promise<void> {
    const waiting = [...conns].filter((c) => c.kind === "visitor");
    if (waiting.length === 0) return;
    const rows = await this.#db
      .select({
        id: chatConversations.id,
        position: sql<number>`(row_number() over (partition by ${chatConversations.groupId} order by ${chatConversations.queuedAt}, ${chatConversations.id}))::int`,
      })
      .from(chatConversations)
      .where(and(eq(chatConversations.workspaceId, workspaceId), eq(chatConversations.status, "queued")));
    const positions = new Map(rows.map((r) => [r.id, r.position]));
    for (const c of waiting)
      for (const id of c.cursors.keys()) {
        const position = positions.get(id);
        if (position !== undefined) c.send({ type: "queue", conversationId: id, position });
      }
  }
}
