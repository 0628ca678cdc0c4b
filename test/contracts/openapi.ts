import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import type { Dialect, SchemaError } from "./ajv.ts";
import { DocumentValidator } from "./ajv.ts";
import type { JsonRecord, Located } from "./json-pointer.ts";
import { childPointer, follow, isRecord } from "./json-pointer.ts";
import { checkBody } from "./openapi-body.ts";
import { coerceParameter } from "./schema-walk.ts";

/** One HTTP request our client sent and the sandbox's answer, as they went over the wire. */
export type HttpExchange = {
  method: string;
  /** As sent: percent-encoded, without the query. */
  path: string;
  query: [string, string][];
  requestContentType?: string;
  requestBody?: string;
  status: number;
  responseContentType?: string;
  responseBody: string;
};

export type IssueKind = "operation" | "path" | "query" | "request" | "response" | "webhook";

/** `operation` is `METHOD /template` when the spec has the operation, else `METHOD /path/as/sent`. */
export type ContractIssue = { operation: string; kind: IssueKind; pointer: string; message: string };

export type MatchedOperation = {
  /** `METHOD /template`, e.g. `GET /restapi/v1.0/account/{accountId}/extension/{extensionId}/presence`. */
  id: string;
  pointer: string;
  operation: JsonRecord;
  pathParams: Record<string, string>;
  parameters: Located[];
};

const documentSchema = z.looseObject({ paths: z.record(z.string(), z.unknown()) });
const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];

/** Loads an OpenAPI document (YAML or JSON) once and checks exchanges against it. */
export class OpenApiContract {
  readonly doc: JsonRecord;
  readonly #validator: DocumentValidator;
  readonly #paths: { template: string; segments: string[] }[];

  constructor(doc: unknown, dialect: Dialect, id = "spec") {
    const parsed = documentSchema.parse(doc);
    this.doc = parsed;
    this.#validator = new DocumentValidator(parsed, dialect, id);
    this.#paths = Object.keys(parsed.paths).map((template) => ({ template, segments: template.split("/") }));
  }

  static load(file: string, id?: string): OpenApiContract {
    const text = readFileSync(file, "utf8");
    // The RingCentral document reuses YAML anchors heavily; no alias limit.
    const doc: unknown = file.endsWith(".json") ? JSON.parse(text) : parseYaml(text, { maxAliasCount: -1 });
    const version = isRecord(doc) ? String(doc.openapi ?? doc.swagger ?? "") : "";
    if (!version.startsWith("3.")) throw new Error(`${file}: OpenAPI ${version || "?"} is not supported (3.x only)`);
    return new OpenApiContract(doc, version.startsWith("3.0") ? "openapi-3.0" : "openapi-3.1", id);
  }

  /** The operation for a concrete request path; literal segments beat templated ones (`/contacts/search`). */
  findOperation(method: string, path: string): MatchedOperation | undefined {
    const segments = path.split("/");
    let best: { template: string; params: Record<string, string>; literals: number } | undefined;
    for (const candidate of this.#paths) {
      const params = matchSegments(candidate.segments, segments);
      if (!params) continue;
      const literals = candidate.segments.filter((s) => !s.includes("{")).length;
      const item = this.#pathItem(candidate.template);
      if (!isRecord(item[method.toLowerCase()])) continue;
      if (!best || literals > best.literals) best = { template: candidate.template, params, literals };
    }
    if (!best) return undefined;
    const itemPointer = childPointer("#/paths", best.template);
    const item = this.#pathItem(best.template);
    const operation = item[method.toLowerCase()];
    if (!isRecord(operation)) return undefined;
    const pointer = childPointer(itemPointer, method.toLowerCase());
    return {
      id: `${method.toUpperCase()} ${best.template}`,
      pointer,
      operation,
      pathParams: best.params,
      parameters: this.#parameters(itemPointer, item, pointer, operation),
    };
  }

  /** Every problem with one exchange; an empty list means it conforms. Only 2xx responses are checked. */
  check(exchange: HttpExchange): ContractIssue[] {
    const method = exchange.method.toUpperCase();
    const op = this.findOperation(method, exchange.path);
    if (!op) {
      const other = METHODS.filter((m) => this.findOperation(m, exchange.path)).map((m) => m.toUpperCase());
      const message = other.length
        ? `the spec has this path only for ${other.join(", ")}`
        : "no operation in the spec matches this path";
      return [{ operation: `${method} ${exchange.path}`, kind: "operation", pointer: "", message }];
    }
    const issue = (kind: IssueKind, pointer: string, message: string): ContractIssue => ({
      operation: op.id,
      kind,
      pointer,
      message,
    });
    const out = [...this.#checkParameters(op, exchange, issue)];
    out.push(...checkBody(this, op, exchange, issue));
    return out;
  }

  /** Errors of `value` against the schema at `pointer` (a `#/…` location in the document). */
  validate(pointer: string, value: unknown): SchemaError[] {
    return this.#validator.validate(pointer, value);
  }

  #pathItem(template: string): JsonRecord {
    const paths = this.doc.paths;
    const item = isRecord(paths) ? paths[template] : undefined;
    return isRecord(item) ? item : {};
  }

  /** Path-level parameters apply unless the operation redefines the same name and location. */
  #parameters(itemPointer: string, item: JsonRecord, opPointer: string, op: JsonRecord): Located[] {
    const list = (owner: string, raw: unknown): Located[] =>
      Array.isArray(raw)
        ? raw.map((p, i) => follow(this.doc, { node: p, pointer: childPointer(owner, "parameters", i) }))
        : [];
    const key = (p: Located) => (isRecord(p.node) ? `${String(p.node.in)}:${String(p.node.name)}` : "");
    const own = list(opPointer, op.parameters);
    const ownKeys = new Set(own.map(key));
    return [...list(itemPointer, item.parameters).filter((p) => !ownKeys.has(key(p))), ...own];
  }

  *#checkParameters(
    op: MatchedOperation,
    exchange: HttpExchange,
    issue: (kind: IssueKind, pointer: string, message: string) => ContractIssue,
  ): Generator<ContractIssue> {
    const sent = new Map<string, string[]>();
    for (const [name, value] of exchange.query) sent.set(name, [...(sent.get(name) ?? []), value]);
    for (const param of op.parameters) {
      if (!isRecord(param.node)) continue;
      const name = String(param.node.name);
      const location = param.node.in;
      if (location !== "query" && location !== "path") continue;
      const raw = location === "path" ? [safeDecode(op.pathParams[name] ?? "")] : sent.get(name);
      if (location === "query") sent.delete(name);
      if (raw === undefined) {
        if (param.node.required === true) yield issue("query", `/${name}`, "required parameter missing");
        continue;
      }
      if (param.node.schema === undefined) continue;
      const schemaPointer = childPointer(param.pointer, "schema");
      const value = coerceParameter(this.doc, param.node.schema, raw);
      for (const e of this.validate(schemaPointer, value)) {
        yield issue(location, `/${name}${e.pointer}`, `${e.message} (sent ${JSON.stringify(raw)})`);
      }
    }
    for (const name of sent.keys()) yield issue("query", `/${name}`, "parameter not in the spec");
  }
}

/** `{name}` segments capture; others must match literally (after percent-decoding, e.g. `~`). */
function matchSegments(template: string[], actual: string[]): Record<string, string> | undefined {
  if (template.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, t] of template.entries()) {
    const a = actual[i] ?? "";
    const whole = /^\{([^}]+)\}$/.exec(t);
    if (whole?.[1] !== undefined) {
      if (a === "") return undefined;
      params[whole[1]] = a;
    } else if (t !== a && t !== safeDecode(a)) {
      return undefined;
    }
  }
  return params;
}

const safeDecode = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};
