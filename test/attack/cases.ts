import { gzipSync } from "node:zlib";
import type { RawRequest } from "./raw-http.ts";

/** What a case may use: the real secrets (so a leak would show), a password, the seeded ids. */
export type AttackContext = { secrets: string[]; password: string };

/**
 * - body: the request is well framed; only its body, media type or benign headers are hostile. A route that reads
 *   no body (GET) may answer 2xx; `level: "schema"` bodies are well-formed JSON, refused only where a schema is.
 * - headers | path | method: refused on every route, before or at routing.
 */
export type AttackCase = {
  name: string;
  kind: "body" | "headers" | "path" | "method";
  level?: "http" | "schema";
  /** The request for a target's method and path (path cases get the hostile id through `path`). */
  build(base: { method: string; path: string }, ctx: AttackContext): RawRequest;
  /** For path cases: the hostile id (raw, as it goes on the wire). */
  id?: string;
};

const json = (t: string): [string, string] => ["content-type", t];
const JSON_CT = json("application/json");
/** Cut-off JSON that carries every real secret: the reply and the log must show none of them. */
const truncated = (ctx: AttackContext) =>
  Buffer.from(
    `{"secret_key":${JSON.stringify(ctx.secrets[0] ?? "")},"password":${JSON.stringify(ctx.password)},"tokens":${JSON.stringify(ctx.secrets)},"action":"incoming_ev`,
  );

const body = (
  name: string,
  headers: Array<[string, string]>,
  make: (ctx: AttackContext) => Buffer,
  level: "http" | "schema" = "http",
  extra: Partial<RawRequest> = {},
): AttackCase => ({
  name,
  kind: "body",
  level,
  build: (base, ctx) => ({ ...base, headers, body: make(ctx), ...extra }),
});
const text = (s: string) => () => Buffer.from(s);

const path = (name: string, id: string): AttackCase => ({
  name,
  kind: "path",
  id,
  build: (base, ctx) => ({ ...base, headers: [JSON_CT], body: truncated(ctx) }),
});

const method = (name: string, verb: (m: string) => string): AttackCase => ({
  name,
  kind: "method",
  build: (base, ctx) => ({ method: verb(base.method), path: base.path, headers: [JSON_CT], body: truncated(ctx) }),
});

export const CASES: AttackCase[] = [
  // Media types and encodings.
  body("unparsable content type `garbage///`", [json("garbage///")], text('{"a":1}')),
  body("content type `a/b;;;=`", [json("a/b;;;=")], text('{"a":1}')),
  body("JSON declared in UTF-16", [json("application/json; charset=utf-16")], () => Buffer.from('{"a":1}', "utf16le")),
  body("text/plain", [json("text/plain")], text('{"a":1}')),
  body(
    "multipart/form-data",
    [json("multipart/form-data; boundary=x")],
    text('--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n'),
  ),
  body("application/x-www-form-urlencoded", [json("application/x-www-form-urlencoded")], text("a=1&secret_key=x")),
  body(
    "application/xml",
    [json("application/xml")],
    text('<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>'),
  ),
  body("a body without a content type", [], text('{"a":1}')),
  body("two content types", [JSON_CT, json("text/plain")], truncated),
  body("gzip-encoded JSON", [JSON_CT, ["content-encoding", "gzip"]], () => gzipSync(Buffer.from('{"a":1}'))),
  // Empty, truncated, odd bytes.
  body("empty body declared as JSON", [JSON_CT], () => Buffer.alloc(0)),
  body("truncated JSON carrying the real secrets", [JSON_CT], truncated),
  body("UTF-8 byte-order mark before JSON", [JSON_CT], (c) =>
    Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), truncated(c).subarray(0, 1), Buffer.from("}")]),
  ),
  body("bytes that are not UTF-8", [JSON_CT], () =>
    Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]),
  ),
  body("a NUL byte in JSON", [JSON_CT], text('{"a\u0000":1')),
  body("content-length shorter than the body", [JSON_CT, ["content-length", "3"]], text('{"a":1}'), "http", {
    noContentLength: true,
  }),
  // Size and shape.
  body("a body over the size limit (2 MiB)", [JSON_CT], () => Buffer.alloc(2 * 1024 * 1024, 0x5b)),
  body("JSON nested 10,000 levels deep", [JSON_CT], () => Buffer.from(`${"[".repeat(10_000)}${"]".repeat(10_000)}`)),
  body("JSON with 50,000 keys", [JSON_CT], () =>
    Buffer.from(`{${Array.from({ length: 50_000 }, (_, i) => `"k${i}":0`).join(",")}}`),
  ),
  body(
    "prototype-poisoning keys",
    [JSON_CT],
    text('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}'),
  ),
  // Well-formed JSON of the wrong shape.
  body("JSON null", [JSON_CT], text("null"), "schema"),
  body("a JSON array", [JSON_CT], text("[1,2,3]"), "schema"),
  body("a JSON string", [JSON_CT], text('"hello"'), "schema"),
  body("a number out of range (1e999)", [JSON_CT], text("1e999"), "schema"),
  // Headers that do not stop the request (the body is cut-off JSON).
  body(
    "1,500 small headers",
    [JSON_CT, ...Array.from({ length: 1500 }, (_, i): [string, string] => [`x-h${i}`, "1"])],
    truncated,
  ),
  body("a hostile x-request-id", [JSON_CT, ["x-request-id", `${"../".repeat(80)}<script>`]], truncated),
  body("an 8 KiB Authorization header", [JSON_CT, ["authorization", `Bearer ${"A".repeat(8192)}`]], truncated),
  // Headers and framing refused by the HTTP parser.
  {
    name: "one 20 KiB header",
    kind: "headers",
    build: (b, c) => ({ ...b, headers: [JSON_CT, ["x-big", "a".repeat(20 * 1024)]], body: truncated(c) }),
  },
  {
    name: "4,000 headers (over 16 KiB together)",
    kind: "headers",
    build: (b, c) => ({
      ...b,
      headers: [JSON_CT, ...Array.from({ length: 4000 }, (_, i): [string, string] => [`x-many-${i}`, "12345"])],
      body: truncated(c),
    }),
  },
  {
    name: "broken chunked framing",
    kind: "headers",
    build: (b) => ({
      ...b,
      headers: [JSON_CT, ["transfer-encoding", "chunked"]],
      body: Buffer.from("zz\r\n{}\r\n0\r\n\r\n"),
      noContentLength: true,
    }),
  },
  {
    name: "Content-Length and Transfer-Encoding together (smuggling)",
    kind: "headers",
    build: (b) => ({
      ...b,
      headers: [JSON_CT, ["content-length", "4"], ["transfer-encoding", "chunked"]],
      body: Buffer.from("0\r\n\r\nGET /metrics HTTP/1.1\r\nHost: x\r\n\r\n"),
      noContentLength: true,
    }),
  },
  // Ids in the path.
  path("path traversal `../../api/connections`", "../../api/connections"),
  path("encoded slashes `..%2F..%2Fapi%2Fconnections`", "..%2F..%2Fapi%2Fconnections"),
  path("encoded dot segments `%2e%2e%2f…etc%2fpasswd`", "%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd"),
  path("double-encoded slash `%252F`", "..%252F..%252Fpackage.json"),
  path("a NUL byte `%00`", "con_x%00.json"),
  path("bad percent-encoding `%E0%A4%A`", "%E0%A4%A"),
  path("a 5,000-character id", "c".repeat(5000)),
  // Methods.
  method("PROPFIND (an HTTP method no route has)", () => "PROPFIND"),
  method("FOO (not an HTTP method)", () => "FOO"),
  method("CONNECT", () => "CONNECT"),
  method("the route's path with another method", (m) => (m === "GET" ? "DELETE" : "PUT")),
];
