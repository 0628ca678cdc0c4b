import type { FastifyInstance } from "fastify";
import { checkJsonBounds, JSON_LIMITS } from "../lib/json-bounds.ts";
import { ApiError } from "./errors.ts";

/**
 * The API speaks JSON only (`application/json`; any other media type is 415) and reads it under the same rules as
 * webhook bodies: not content-encoded, UTF-8 without a byte-order mark, depth and key count checked on the text
 * before it is parsed (zod, jsonb and the response serializer all recurse). Fastify's own parser then refuses
 * prototype-poisoning keys. A parse error never quotes the body back: it may hold a password or a secret.
 * Routes authenticate in onRequest, before this parser runs, so a stranger's body is never read.
 */
export function installJsonBodyParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser("error", "error");
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("application/json", { parseAs: "buffer" }, (req, body, done) => {
    const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
    const text = readText(bytes, req.headers["content-encoding"]);
    if (text instanceof ApiError) return done(text, undefined);
    parse(req, text, (error, value) => {
      if (!error) return done(null, value);
      const empty = (error as { code?: string }).code === "FST_ERR_CTP_EMPTY_JSON_BODY";
      done(new ApiError("bad_request", empty ? "the JSON body is empty" : "the body is not valid JSON"), undefined);
    });
  });
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** The body's text, or why it is refused. */
function readText(bytes: Buffer, encoding: string | undefined): string | ApiError {
  if (encoding && encoding.trim().toLowerCase() !== "identity") {
    return new ApiError("unsupported_media_type", "Content-Encoding is not supported; send the JSON as is");
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return new ApiError("bad_request", "the body starts with a byte-order mark");
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return new ApiError("bad_request", "the body is not valid UTF-8");
  }
  const bounds = checkJsonBounds(text, JSON_LIMITS);
  return bounds.ok ? text : new ApiError("bad_request", bounds.error.detail);
}
