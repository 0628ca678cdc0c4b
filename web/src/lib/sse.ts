/**
 * A Server-Sent Events parser for streams read with fetch. EventSource cannot send an Authorization header, and
 * API keys must not travel in URLs (they end up in access logs), so the dashboard reads the stream itself.
 */
export type SseMessage = { event: string; data: string; id?: string };

export type SseParser = {
  /** Feeds a chunk of text; returns the messages it completed. */
  push(chunk: string): SseMessage[];
  /** The reconnection delay the server asked for with `retry:`, if any. */
  retryMs(): number | null;
};

export function createSseParser(): SseParser {
  let buffer = "";
  let retry: number | null = null;
  let event = "";
  let data: string[] = [];
  let id: string | undefined;

  const line = (text: string, out: SseMessage[]) => {
    if (text === "") {
      if (data.length > 0)
        out.push({ event: event || "message", data: data.join("\n"), ...(id !== undefined ? { id } : {}) });
      event = "";
      data = [];
      return;
    }
    if (text.startsWith(":")) return;
    const colon = text.indexOf(":");
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? "" : text.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") event = value;
    else if (field === "data") data.push(value);
    else if (field === "id") id = value;
    else if (field === "retry" && /^\d+$/.test(value)) retry = Number(value);
  };

  return {
    push(chunk) {
      buffer += chunk;
      const out: SseMessage[] = [];
      // Lines end in \n, \r\n or \r; a trailing \r may be the first half of \r\n, so it waits for the next chunk.
      for (;;) {
        const match = /\r\n|\n|\r(?!$)/.exec(buffer);
        if (!match) break;
        line(buffer.slice(0, match.index), out);
        buffer = buffer.slice(match.index + match[0].length);
      }
      return out;
    },
    retryMs: () => retry,
  };
}
