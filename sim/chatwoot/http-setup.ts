import type { FastifyError, FastifyInstance } from "fastify";
import { CHATWOOT_ERRORS } from "./constants.ts";
import { ChatwootError } from "./errors.ts";

/** Rails' form decoding for `a=1&list[]=x&obj[key]=v` (one level of nesting is all the Chatwoot API uses). */
export function parseForm(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [rawKey, value] of new URLSearchParams(text)) {
    const list = /^(.+)\[\]$/.exec(rawKey);
    const nested = /^([^[]+)\[([^\]]+)\]$/.exec(rawKey);
    if (list?.[1]) {
      const current = out[list[1]];
      out[list[1]] = Array.isArray(current) ? [...current, value] : [value];
    } else if (nested?.[1] && nested[2]) {
      const current = out[nested[1]];
      const obj = typeof current === "object" && current !== null && !Array.isArray(current) ? current : {};
      out[nested[1]] = { ...obj, [nested[2]]: value };
    } else {
      out[rawKey] = value;
    }
  }
  return out;
}

/**
 * Body parsing, 404s and errors as a Rails API app answers them: an empty JSON body is no params, a malformed
 * one is a 400, unknown content types are ignored, and no bad input ever becomes a 5xx.
 */
export function installHttpBehaviour(app: FastifyInstance): void {
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) => {
    const text = String(body);
    if (text.trim() === "") return done(null, {});
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new ChatwootError(400, { status: 400, error: "Bad Request" }), undefined);
    }
  });
  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_req, body, done) =>
    done(null, parseForm(String(body))),
  );
  app.addContentTypeParser("*", { parseAs: "string" }, (_req, _body, done) => done(null, {}));

  app.setNotFoundHandler((_req, reply) => reply.code(404).send(CHATWOOT_ERRORS.notFound));

  app.setErrorHandler((error: FastifyError | ChatwootError, req, reply) => {
    if (error instanceof ChatwootError) {
      for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
      return reply.code(error.status).send(error.body);
    }
    const status = typeof error.statusCode === "number" ? error.statusCode : 500;
    if (status >= 400 && status < 500) return reply.code(status).send({ status, error: error.message });
    req.log.error({ err: error }, "chatwoot sandbox error");
    return reply.code(500).send({ status: 500, error: "Internal Server Error" });
  });
}
