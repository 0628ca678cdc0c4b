import { createServer } from "node:http";
import { WebSocketServer } from "ws";

/**
 * The baseline for bench/chat.ts: a raw `ws` echo server in its own process, so its RSS is measured alone.
 * GET /rss answers the process's resident set size in bytes.
 */
const server = createServer((req, res) => {
  if (req.url === "/rss") return res.end(String(process.memoryUsage.rss()));
  res.statusCode = 404;
  res.end();
});
const wss = new WebSocketServer({ server });
wss.on("connection", (socket) => socket.on("message", (data) => socket.send(data)));
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`${typeof address === "object" && address ? address.port : 0}\n`);
});
process.on("SIGTERM", () => process.exit(0));
