import { useEffect, useRef, useState } from "react";

export type ChatFrame = { type: string } & Record<string, unknown>;

/**
 * The agent's chat socket (`/api/chat/ws`): reconnects after a drop and re-subscribes every conversation it
 * followed from the last position it saw, so nothing is missed or repeated.
 */
export function useChatSocket(token: string | null, onFrame: (frame: ChatFrame) => void) {
  const [open, setOpen] = useState(false);
  const socket = useRef<WebSocket | null>(null);
  const follows = useRef(new Map<string, number>());
  const handler = useRef(onFrame);
  handler.current = onFrame;

  useEffect(() => {
    if (!token) return;
    let stopped = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const connect = () => {
      const url = new URL("/api/chat/ws", window.location.href);
      url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
      url.searchParams.set("access_token", token);
      const ws = new WebSocket(url);
      socket.current = ws;
      ws.onopen = () => {
        setOpen(true);
        for (const [conversationId, after] of follows.current)
          ws.send(JSON.stringify({ type: "subscribe", conversationId, after }));
      };
      ws.onmessage = (m) => {
        const frame = JSON.parse(String(m.data)) as ChatFrame;
        if (frame.type === "event") {
          const e = frame.event as { conversationId: string; position: number };
          const seen = follows.current.get(e.conversationId) ?? 0;
          if (e.position > seen) follows.current.set(e.conversationId, e.position);
        }
        handler.current(frame);
      };
      ws.onclose = () => {
        setOpen(false);
        if (!stopped) retry = setTimeout(connect, 1500);
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      socket.current?.close();
    };
  }, [token]);

  const send = (frame: ChatFrame) => {
    if (socket.current?.readyState === WebSocket.OPEN) socket.current.send(JSON.stringify(frame));
  };
  return {
    open,
    follow: (conversationId: string) => {
      if (follows.current.has(conversationId)) return;
      follows.current.set(conversationId, 0);
      send({ type: "subscribe", conversationId, after: 0 });
    },
    send,
  };
}
