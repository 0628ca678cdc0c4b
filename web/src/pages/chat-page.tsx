import { useCallback, useEffect, useState } from "react";
import type { ChatConversationDto, ChatEventDto } from "../../../src/api/chat-contracts.ts";
import { PageHeader } from "../components/page-header.tsx";
import { api, describeError } from "../lib/api.ts";
import { type ChatFrame, useChatSocket } from "../lib/chat-socket.ts";
import { bearerToken, useSession } from "../lib/session.ts";

const CANNED = [
  "Hi! Thanks for reaching out — how can I help?",
  "Let me check that for you, one moment please.",
  "Is there anything else I can help you with?",
  "Thanks for chatting with us. Have a great day!",
];

type Decision = {
  id: string;
  strategy: string;
  chosenAgentId: string | null;
  why: string;
  candidates: Array<{ agentId: string; eligible: boolean; reason: string }>;
};

/** The built-in chat inbox: the queue and your chats (supervisors: every chat), answered live. */
export function ChatPage() {
  const { session } = useSession();
  const [items, setItems] = useState<ChatConversationDto[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [events, setEvents] = useState<Record<string, ChatEventDto[]>>({});
  const [typing, setTyping] = useState<Record<string, boolean>>({});
  const [read, setRead] = useState<Record<string, number>>({});
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [routing, setRouting] = useState<Decision[] | null>(null);
  const [me, setMe] = useState<string | null>(null);

  const reload = useCallback(async () => {
    const page = await api.get<{ items: ChatConversationDto[] }>("/api/chat/conversations", { limit: 100 });
    setItems(page.items.filter((c) => c.status !== "closed"));
  }, []);
  const onFrame = useCallback(
    (frame: ChatFrame) => {
      if (frame.type === "ready") {
        setMe(typeof frame.agentId === "string" ? frame.agentId : null);
      } else if (frame.type === "event") {
        const e = frame.event as ChatEventDto;
        setEvents((all) => {
          const list = all[e.conversationId] ?? [];
          if (list.some((x) => x.position === e.position)) return all;
          return { ...all, [e.conversationId]: [...list, e].sort((a, b) => a.position - b.position) };
        });
      } else if (frame.type === "typing" && frame.by === "visitor") {
        setTyping((t) => ({ ...t, [String(frame.conversationId)]: frame.on === true }));
      } else if (frame.type === "read" && frame.by === "visitor") {
        setRead((r) => ({ ...r, [String(frame.conversationId)]: Number(frame.position) }));
      } else if (["conversation", "assignment", "offer"].includes(frame.type)) {
        void reload();
      }
    },
    [reload],
  );
  const socket = useChatSocket(bearerToken(session), onFrame);

  useEffect(() => {
    void reload().catch((e: unknown) => setError(describeError(e)));
  }, [reload]);
  useEffect(() => {
    if (!selected) return;
    socket.follow(selected);
    setRouting(null);
  }, [selected, socket]);

  const current = items.find((c) => c.id === selected) ?? null;
  const list = selected ? (events[selected] ?? []) : [];
  const last = list.at(-1)?.position ?? 0;
  useEffect(() => {
    if (selected && last > 0) socket.send({ type: "read", conversationId: selected, position: last });
  }, [selected, last, socket]);

  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      await reload();
    } catch (e) {
      setError(describeError(e));
    }
  };
  const send = () =>
    act(async () => {
      if (!current?.activeThreadId || !text.trim()) return;
      await api.post(`/api/chat/threads/${current.activeThreadId}/events`, { type: "message", text: text.trim() });
      setText("");
      socket.send({ type: "typing", conversationId: current.id, on: false });
    });

  return (
    <div className="page">
      <PageHeader title="Chat inbox" subtitle={socket.open ? "Live" : "Connecting…"} />
      {error && (
        <div className="notice error" role="alert">
          {error}
        </div>
      )}
      <div className="chat-inbox" style={{ display: "grid", gridTemplateColumns: "280px 1fr", gap: 16 }}>
        <ul className="chat-list" data-testid="chat-list" style={{ listStyle: "none", padding: 0, margin: 0 }}>
          {items.length === 0 && <li className="muted">No open chats.</li>}
          {items.map((c) => (
            <li key={c.id}>
              <button
                type="button"
                className={`chat-item${c.id === selected ? " active" : ""}`}
                data-testid="chat-item"
                data-status={c.status}
                onClick={() => setSelected(c.id)}
                style={{ width: "100%", textAlign: "left" }}
              >
                <strong>{c.visitor.name ?? "Visitor"}</strong> · {c.status}
                {c.queuePosition ? ` #${c.queuePosition}` : ""}
              </button>
            </li>
          ))}
        </ul>
        {current ? (
          <section className="chat-detail" data-testid="chat-detail">
            <div className="chat-actions" style={{ display: "flex", gap: 8, marginBottom: 8 }}>
              {current.status === "queued" && me && (
                <button
                  type="button"
                  onClick={() =>
                    act(() =>
                      api
                        .post(`/api/chat/conversations/${current.id}/accept`)
                        .catch(() => api.post(`/api/chat/conversations/${current.id}/assign`, { agentId: me })),
                    )
                  }
                >
                  Take
                </button>
              )}
              <button type="button" onClick={() => act(() => api.post(`/api/chat/conversations/${current.id}/close`))}>
                Close chat
              </button>
              <button
                type="button"
                onClick={() =>
                  act(async () =>
                    setRouting(
                      (await api.get<{ decisions: Decision[] }>(`/api/chat/conversations/${current.id}/routing`))
                        .decisions,
                    ),
                  )
                }
              >
                Why this agent?
              </button>
            </div>
            <ol
              className="chat-log"
              data-testid="chat-log"
              style={{ listStyle: "none", padding: 0, maxHeight: 420, overflowY: "auto" }}
            >
              {list.map((e) => (
                <li key={e.id} className={`chat-event chat-${e.type} chat-${e.authorType}`} data-author={e.authorType}>
                  <span className="muted">
                    {e.authorType === "visitor" ? (current.visitor.name ?? "Visitor") : e.authorType}:{" "}
                  </span>
                  {/* Text nodes only: visitor text is never parsed as HTML. */}
                  <span className="chat-text">{e.text}</span>
                </li>
              ))}
            </ol>
            <div className="muted" data-testid="chat-status">
              {typing[current.id] ? "Visitor is typing…" : (read[current.id] ?? 0) >= last && last > 0 ? "Seen" : ""}
            </div>
            {current.status === "assigned" && (
              <div className="chat-composer" style={{ display: "flex", gap: 8, flexWrap: "wrap" }}>
                <select aria-label="Canned responses" value="" onChange={(e) => setText(e.target.value)}>
                  <option value="">Canned responses…</option>
                  {CANNED.map((c) => (
                    <option key={c} value={c}>
                      {c}
                    </option>
                  ))}
                </select>
                <textarea
                  aria-label="Reply"
                  value={text}
                  onChange={(e) => {
                    setText(e.target.value);
                    socket.send({ type: "typing", conversationId: current.id, on: e.target.value.length > 0 });
                  }}
                  onKeyDown={(e) => {
                    if (e.key === "Enter" && !e.shiftKey) {
                      e.preventDefault();
                      void send();
                    }
                  }}
                  style={{ flex: 1, minHeight: 48 }}
                />
                <button type="button" onClick={() => void send()}>
                  Send
                </button>
              </div>
            )}
            {routing && (
              <div className="chat-routing" data-testid="chat-routing">
                {routing.map((d) => (
                  <div key={d.id}>
                    <strong>{d.strategy}</strong>: {d.why}
                    <ul>
                      {d.candidates.map((c) => (
                        <li key={c.agentId}>
                          {c.agentId}: {c.eligible ? "eligible" : c.reason}
                          {c.agentId === d.chosenAgentId ? " ← chosen" : ""}
                        </li>
                      ))}
                    </ul>
                  </div>
                ))}
              </div>
            )}
          </section>
        ) : (
          <div className="muted">Select a chat.</div>
        )}
      </div>
    </div>
  );
}
