import { useEffect, useRef, useSyncExternalStore } from "react";
import { z } from "zod";
import type { LiveEvent } from "../../../src/api/contracts.ts";
import { createSseParser, type SseMessage } from "./sse.ts";

/**
 * One live feed for the whole dashboard: the hub's server-sent events (`GET /api/stream`) when it has them,
 * otherwise a 2-second poll tick, so every page can say "refresh what you show" the same way either way.
 */
export type LiveMode = "off" | "connecting" | "live" | "polling";
export type LiveSignal = LiveEvent | { type: "poll" };

const POLL_MS = 2000;
const STREAM_RETRY_MS = 30_000;
const EVENT_TYPES = ["agent.updated", "conversation.updated", "command.updated", "webhook.received"] as const;

const liveEventSchema = z.object({
  workspaceId: z.string().default(""),
  type: z.enum(EVENT_TYPES),
  id: z.string().default(""),
});

let mode: LiveMode = "off";
let pollTimer: ReturnType<typeof setInterval> | null = null;
let current: { token: string; abort: AbortController } | null = null;
const modeListeners = new Set<() => void>();
const signalListeners = new Set<(signal: LiveSignal) => void>();

function setMode(next: LiveMode): void {
  if (mode === next) return;
  mode = next;
  for (const listener of modeListeners) listener();
}

function broadcast(signal: LiveSignal): void {
  for (const listener of signalListeners) listener(signal);
}

function startPolling(): void {
  pollTimer ??= setInterval(() => broadcast({ type: "poll" }), POLL_MS);
  setMode("polling");
}

function stopPolling(): void {
  if (pollTimer) clearInterval(pollTimer);
  pollTimer = null;
}

function deliver(message: SseMessage): void {
  let data: unknown;
  try {
    data = JSON.parse(message.data);
  } catch {
    return;
  }
  // The event name may be carried in the SSE `event:` field or only inside the JSON (UNCONFIRMED): accept both.
  const named = message.event === "message" ? {} : { type: message.event };
  const parsed = liveEventSchema.safeParse(typeof data === "object" && data !== null ? { ...named, ...data } : data);
  if (parsed.success) broadcast(parsed.data);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Keeps one stream open for as long as the credential is current: live when connected, polling while not, and
 * looking for the stream again after it ends or was refused (it may be deployed while the dashboard stays open).
 */
async function run(token: string, signal: AbortSignal): Promise<void> {
  let failures = 0;
  while (!signal.aborted) {
    let waitMs = Math.min(STREAM_RETRY_MS, 1000 * 2 ** failures);
    try {
      const res = await fetch("/api/stream", {
        headers: { authorization: `Bearer ${token}`, accept: "text/event-stream" },
        cache: "no-store",
        signal,
      });
      if (!res.ok || !res.body) {
        startPolling();
        // An expired access token: the session renews it, and connectLive is called again with the new one.
        if (res.status === 401) onUnauthorized?.();
        failures += 1;
        // No stream on this hub (404) or not for this credential: polling is the steady state, so check rarely.
        if (res.status === 404 || res.status === 401 || res.status === 403) waitMs = STREAM_RETRY_MS;
      } else {
        failures = 0;
        stopPolling();
        setMode("live");
        // Whatever changed while we were not connected is unknown: ask every page to refresh once.
        broadcast({ type: "poll" });
        const parser = createSseParser();
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          for (const message of parser.push(value)) deliver(message);
        }
        startPolling();
        waitMs = parser.retryMs() ?? 3000;
      }
    } catch {
      if (signal.aborted) return;
      startPolling();
      failures += 1;
    }
    await sleep(waitMs, signal);
  }
}

let onUnauthorized: (() => void) | null = null;

/** Called when the stream refuses the credential (the session layer renews or ends the session). */
export function setLiveUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

/** Starts (or restarts, for a new credential) the feed; `null` stops it. */
export function connectLive(token: string | null): void {
  if (current && current.token === token) return;
  current?.abort.abort();
  current = null;
  stopPolling();
  if (!token) {
    setMode("off");
    return;
  }
  const abort = new AbortController();
  current = { token, abort };
  setMode("connecting");
  void run(token, abort.signal);
}

export function useLiveMode(): LiveMode {
  return useSyncExternalStore(
    (listener) => {
      modeListeners.add(listener);
      return () => modeListeners.delete(listener);
    },
    () => mode,
  );
}

/**
 * Calls `handler` for live events of the given types and for every poll tick. The latest handler is used without
 * resubscribing, so pages can pass inline closures.
 */
export function useLive(types: readonly LiveEvent["type"][], handler: (signal: LiveSignal) => void): void {
  const latest = useRef(handler);
  latest.current = handler;
  const key = types.join(",");
  useEffect(() => {
    const wanted = new Set(key.split(","));
    const listener = (signal: LiveSignal) => {
      if (signal.type === "poll" || wanted.has(signal.type)) latest.current(signal);
    };
    signalListeners.add(listener);
    return () => {
      signalListeners.delete(listener);
    };
  }, [key]);
}
