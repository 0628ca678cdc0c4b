import net from "node:net";

/** A request written byte by byte: nothing normalises the path, the method, the headers or the framing. */
export type RawRequest = {
  method: string;
  path: string;
  headers: Array<[string, string]>;
  body?: Buffer;
  /** Leave Content-Length out (the case sets its own framing). */
  noContentLength?: boolean;
};

export type RawResponse = { status: number; headers: Record<string, string>; body: string };

/** Sends one request on its own connection and reads the first response; rejects when none comes in time. */
export function rawRequest(port: number, req: RawRequest, timeoutMs = 15_000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const parsed = parseResponse(Buffer.concat(chunks));
      if (parsed) resolve(parsed);
      else reject(error ?? new Error(`no HTTP response to ${req.method} ${req.path.slice(0, 80)}`));
    };
    const timer = setTimeout(() => finish(new Error(`timed out: ${req.method} ${req.path.slice(0, 80)}`)), timeoutMs);
    socket.on("data", (chunk) => {
      chunks.push(chunk);
      if (parseResponse(Buffer.concat(chunks))) finish();
    });
    socket.on("end", () => finish());
    socket.on("close", () => finish());
    // The server may answer (413, 431) and close while we are still writing: what it said is what counts.
    socket.on("error", (error) => finish(error));
    const head = [`${req.method} ${req.path} HTTP/1.1`, "Host: 127.0.0.1", "Connection: close"];
    for (const [name, value] of req.headers) head.push(`${name}: ${value}`);
    if (!req.noContentLength && req.body) head.push(`Content-Length: ${req.body.length}`);
    socket.write(`${head.join("\r\n")}\r\n\r\n`);
    if (req.body) socket.write(req.body);
  });
}

/** The first complete response in the bytes (Content-Length or chunked framing), or null when incomplete. */
function parseResponse(bytes: Buffer): RawResponse | null {
  const end = bytes.indexOf("\r\n\r\n");
  if (end < 0) return null;
  const [statusLine = "", ...lines] = bytes.subarray(0, end).toString("latin1").split("\r\n");
  const status = Number(statusLine.split(" ")[1]);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const rest = bytes.subarray(end + 4);
  if (headers["transfer-encoding"]?.includes("chunked")) {
    const decoded = dechunk(rest);
    return decoded === null ? null : { status, headers, body: decoded };
  }
  const length = Number(headers["content-length"] ?? "0");
  if (rest.length < length) return null;
  return { status, headers, body: rest.subarray(0, length).toString("utf8") };
}

function dechunk(bytes: Buffer): string | null {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = bytes.indexOf("\r\n", at);
    if (lineEnd < 0) return null;
    const size = Number.parseInt(bytes.subarray(at, lineEnd).toString("latin1"), 16);
    if (Number.isNaN(size)) return null;
    if (size === 0) return Buffer.concat(parts).toString("utf8");
    if (bytes.length < lineEnd + 2 + size + 2) return null;
    parts.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}
