import { randomUUID } from "node:crypto";
import { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { ERROR_CODES, type ErrorCode } from "./errors.ts";

/**
 * Requests Node's HTTP parser refuses before any route sees them (headers over 16 KiB, a method it does not know,
 * broken framing, a slow client) get the same error envelope as everything else, with a reason, then the
 * connection is closed. Nothing about the request is echoed or logged: it may be hostile and it may be huge.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  const [code, message] = describe(error.code);
  answerAndClose(socket, code, message);
}

/**
 * CONNECT asks for a tunnel; Node hands it to a `connect` listener or, with none, drops the socket without a word.
 * The hub is no proxy: it answers 405 with a reason.
 */
export function refuseConnect(server: {
  on(event: "connect", listener: (req: unknown, socket: Duplex) => void): unknown;
}) {
  server.on("connect", (_req, socket) => answerAndClose(socket, "method_not_allowed", "CONNECT is not supported"));
}

/** Fastify's own URL errors (bad percent-encoding) in the same envelope; the URL is not echoed. */
export function frameworkErrors(_error: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  void reply
    .code(400)
    .send({ error: { code: "bad_request", message: "malformed URL (bad percent-encoding)", requestId: req.id } });
}

function answerAndClose(socket: Duplex, code: ErrorCode, message: string): void {
  const body = JSON.stringify({ error: { code, message, requestId: randomUUID() } });
  const status = ERROR_CODES[code];
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

function describe(parserCode: string | undefined): [ErrorCode, string] {
  switch (parserCode) {
    case "HPE_HEADER_OVERFLOW":
      return ["headers_too_large", "request headers exceed the server's limit (16 KiB)"];
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return ["request_timeout", "the request was not completed in time"];
    case "HPE_INVALID_METHOD":
      return ["bad_request", "unknown HTTP method"];
    default:
      return ["bad_request", "malformed HTTP request"];
  }
}
