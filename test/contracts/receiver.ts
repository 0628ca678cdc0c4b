import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export type Received = { headers: IncomingHttpHeaders; body: string };

export type Receiver = {
  url: string;
  received: Received[];
  /** Resolves once `done` holds for what arrived; the test's own timeout bounds the wait, nothing asserts on time. */
  waitFor(done: (received: Received[]) => boolean): Promise<Received[]>;
  close(): Promise<void>;
};

/**
 * A webhook endpoint on 127.0.0.1 that keeps every delivery's raw body. It answers 200 and echoes
 * `Validation-Token`, which is all RingCentral's subscription handshake asks; other platforms ignore the header.
 */
export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const token = req.headers["validation-token"];
      if (typeof token === "string") res.setHeader("validation-token", token);
      else received.push({ headers: req.headers, body });
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    received,
    waitFor: async (done) => {
      while (!done(received)) await new Promise((resolve) => setTimeout(resolve, 10));
      return [...received];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
