import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/*
 * Test-only: a scripted HTTP stub on 127.0.0.1 for the client unit tests. It records every request and answers
 * with queued replies, so tests pin the exact bytes the client sends and how it reads each response shape.
 */

export type SeenRequest = {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  /** The exact bytes received, for signature checks. */
  raw: Buffer;
  body: unknown;
};
export type CannedReply = { status?: number; body?: unknown; text?: string; headers?: Record<string, string> };

export type StubServer = {
  baseUrl: string;
  seen: SeenRequest[];
  replies: CannedReply[];
  last(): SeenRequest;
  reset(): void;
  close(): Promise<void>;
};

export async function startStubServer(): Promise<StubServer> {
  const seen: SeenRequest[] = [];
  const replies: CannedReply[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      const body = raw.length > 0 ? JSON.parse(raw.toString("utf8")) : undefined;
      seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, raw, body });
      const reply = replies.shift() ?? { status: 200, body: {} };
      const text = reply.text ?? (reply.body === undefined ? "" : JSON.stringify(reply.body));
      const type = reply.text === undefined ? "application/json" : "text/plain";
      res.writeHead(reply.status ?? 200, { "content-type": type, ...reply.headers });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    seen,
    replies,
    last() {
      const request = seen.at(-1);
      if (!request) throw new Error("the stub has seen no request");
      return request;
    },
    reset() {
      seen.length = 0;
      replies.length = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
