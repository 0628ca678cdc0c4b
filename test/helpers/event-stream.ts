import { z } from "zod";

/** What `GET /api/stream` sends in each frame's `data:` line. */
const liveEventSchema = z.object({ workspaceId: z.string(), type: z.string(), id: z.string() });
export type LiveEvent = z.infer<typeof liveEventSchema>;

/** A dashboard's view of the live stream: every event received so far, read in the background. */
export type EventStream = {
  status: number;
  events: LiveEvent[];
  /** Resolves with the first event (already received or still to come) that `accept` takes, or undefined. */
  waitFor(accept: (event: LiveEvent) => boolean, timeoutMs?: number): Promise<LiveEvent | undefined>;
  close(): void;
};

/**
 * Opens a Server-Sent Events connection and resolves once the server says `: ready` (its LISTEN is in place, so
 * anything committed from now on reaches this client), or at once with the status when it is not a stream.
 */
export async function openEventStream(url: string, headers: Record<string, string> = {}): Promise<EventStream> {
  const abort = new AbortController();
  const res = await fetch(url, { headers: { accept: "text/event-stream", ...headers }, signal: abort.signal });
  const events: LiveEvent[] = [];
  const stream: EventStream = {
    status: res.status,
    events,
    waitFor: async (accept, timeoutMs = 15_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = events.find(accept);
        if (found || Date.now() >= deadline) return found;
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () => abort.abort(),
  };
  if (res.status !== 200 || !res.body) {
    abort.abort();
    return stream;
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  let ready = false;
  const { promise: readyNow, resolve: signalReady } = Promise.withResolvers<void>();
  const onFrame = (frame: string) => {
    if (/^: ready$/m.test(frame)) {
      ready = true;
      signalReady();
    }
    const data = /^data: (.*)$/m.exec(frame)?.[1];
    if (data === undefined) return;
    const parsed = liveEventSchema.safeParse(JSON.parse(data));
    if (parsed.success) events.push(parsed.data);
  };
  void (async () => {
    try {
      for (;;) {
        const chunk = await reader.read();
        if (chunk.done) break;
        buffer += chunk.value;
        const frames = buffer.split("\n\n");
        buffer = frames.pop() ?? "";
        for (const frame of frames) onFrame(frame);
      }
    } catch {
      // Aborted by close(), or the server went away: the events received so far stay readable.
    } finally {
      if (!ready) signalReady();
    }
  })();
  await readyNow;
  return stream;
}
