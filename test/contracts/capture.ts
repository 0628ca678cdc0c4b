import { z } from "zod";
import type { HttpExchange } from "./openapi.ts";

/**
 * Records every request to one sandbox origin and the sandbox's answer, by wrapping the global `fetch` our clients
 * use. The sandbox's own log (`GET /_sim/requests`) is then compared with it, so a request that bypassed the wrapper
 * cannot escape the contract check unseen.
 */
export class ExchangeRecorder {
  readonly #origin: string;
  readonly #original: typeof fetch;
  #exchanges: HttpExchange[] = [];

  constructor(baseUrl: string) {
    this.#origin = new URL(baseUrl).origin;
    this.#original = globalThis.fetch;
    const original = this.#original;
    const wrapped: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      const url = new URL(request.url);
      if (url.origin !== this.#origin || url.pathname.startsWith("/_sim")) return original(request);
      const requestBody = request.body ? await request.clone().text() : undefined;
      const response = await original(request);
      const responseBody = await response.clone().text();
      const exchange: HttpExchange = {
        method: request.method,
        path: url.pathname,
        query: [...url.searchParams],
        status: response.status,
        responseBody,
      };
      const requestType = request.headers.get("content-type");
      if (requestType !== null) exchange.requestContentType = requestType;
      if (requestBody !== undefined) exchange.requestBody = requestBody;
      const responseType = response.headers.get("content-type");
      if (responseType !== null) exchange.responseContentType = responseType;
      this.#exchanges.push(exchange);
      return response;
    };
    globalThis.fetch = wrapped;
  }

  /** The exchanges since the last call, oldest first. */
  take(): HttpExchange[] {
    const out = this.#exchanges;
    this.#exchanges = [];
    return out;
  }

  restore(): void {
    globalThis.fetch = this.#original;
  }

  /** Control calls to the sandbox, outside the recording. */
  async control(method: string, path: string, body?: unknown): Promise<unknown> {
    const init: RequestInit = { method };
    if (body !== undefined) {
      init.headers = { "content-type": "application/json" };
      init.body = JSON.stringify(body);
    }
    const res = await this.#original(`${this.#origin}${path}`, init);
    if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
    return res.json();
  }

  /**
   * What the sandbox says it received (`GET /_sim/requests`, control routes excluded), one line per request:
   * method, path, query and body in a canonical form, to compare with `describeRequest` of what was checked.
   */
  async sandboxLog(): Promise<string[]> {
    const log = recordedSchema.parse(await this.control("GET", "/_sim/requests"));
    return log.map((r) => {
      const query = Object.entries(r.query).flatMap(([k, v]) =>
        (Array.isArray(v) ? v : [v]).map((x) => [k, String(x)]),
      );
      return line(r.method, r.path, query, bufferAsText(r.body));
    });
  }
}

/** A binary body (multipart upload) reaches the log as `{type: "Buffer", data}`: back to the text that was sent. */
const bufferSchema = z.object({ type: z.literal("Buffer"), data: z.array(z.number()) });
function bufferAsText(body: unknown): unknown {
  const buffer = bufferSchema.safeParse(body);
  return buffer.success ? Buffer.from(buffer.data.data).toString("utf8") : body;
}

const recordedSchema = z.array(
  z.looseObject({
    method: z.string(),
    path: z.string(),
    query: z.record(z.string(), z.unknown()).default({}),
    body: z.unknown().optional(),
  }),
);

/** The same line as `sandboxLog` for an exchange we captured (bodies parsed as the sandbox parses them). */
export function describeRequest(e: HttpExchange): string {
  const text = e.requestBody ?? "";
  let body: unknown;
  if (text === "") body = undefined;
  else if ((e.requestContentType ?? "").includes("x-www-form-urlencoded")) {
    body = Object.fromEntries(new URLSearchParams(text));
  } else {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return line(e.method, e.path, e.query, body);
}

function line(method: string, path: string, query: string[][], body: unknown): string {
  const q = query.map(([k, v]) => `${k}=${v}`).sort();
  return `${method} ${path}${q.length ? `?${q.join("&")}` : ""} ${canonical(body)}`;
}

/** Sorted keys; an absent body and `{}` are the same request (LiveChat's sandbox reads an empty body as `{}`). */
function canonical(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v === null || typeof v !== "object") return v;
    return Object.fromEntries(
      Object.entries(v)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, x]) => [k, sort(x)]),
    );
  };
  if (value === undefined || (typeof value === "object" && value !== null && Object.keys(value).length === 0)) {
    return "";
  }
  return JSON.stringify(sort(value));
}
