import type { FastifyInstance } from "fastify";
import type { WebhookEmitter } from "./webhooks.ts";

/** What every sandbox factory returns. */
export type Sim = {
  name: "livechat" | "ringcentral" | "chatwoot" | "llm";
  app: FastifyInstance;
  webhooks: WebhookEmitter;
  /** Starts listening; resolves to the base URL (e.g. http://127.0.0.1:4101). */
  listen(port: number, host?: string): Promise<string>;
  close(): Promise<void>;
  /** The demo credentials (also served by GET /_sim/credentials). */
  credentials: Record<string, unknown>;
};

export async function listenOn(app: FastifyInstance, port: number, host = "127.0.0.1"): Promise<string> {
  await app.listen({ port, host });
  const address = app.server.address();
  const actual = typeof address === "object" && address ? address.port : port;
  return `http://${host}:${actual}`;
}

/** Closes a sandbox now: in-flight and keep-alive connections are cut rather than waited for (a test's teardown). */
export async function closeNow(app: FastifyInstance): Promise<void> {
  const closing = app.close();
  app.server.closeAllConnections();
  await closing;
}
