import type { JsonRecord } from "./json-pointer.ts";
import { childPointer, follow, isRecord, valueAt } from "./json-pointer.ts";
import type { ContractIssue, HttpExchange, IssueKind, MatchedOperation, OpenApiContract } from "./openapi.ts";
import { undocumentedKeys } from "./schema-walk.ts";

type Issue = (kind: IssueKind, pointer: string, message: string) => ContractIssue;

const mediaType = (contentType: string | undefined): string =>
  (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";

/** The `content` entry for a media type: exact, then `type/*`, then `*\/*`. */
function contentFor(content: JsonRecord, type: string): string | undefined {
  const keys = Object.keys(content);
  const wanted = [type, `${type.split("/")[0]}/*`, "*/*"];
  for (const w of wanted) {
    const hit = keys.find((k) => mediaType(k) === w);
    if (hit !== undefined) return hit;
  }
  return undefined;
}

type Parsed = { ok: true; value: unknown } | { ok: false; message: string } | { ok: "opaque" };

function parseBody(type: string, text: string): Parsed {
  if (type === "application/json" || type.endsWith("+json")) {
    try {
      return { ok: true, value: JSON.parse(text) };
    } catch {
      return { ok: false, message: `declared ${type} but is not JSON` };
    }
  }
  if (type === "application/x-www-form-urlencoded") {
    const form: Record<string, string | string[]> = {};
    for (const [name, value] of new URLSearchParams(text)) {
      const prior = form[name];
      form[name] = prior === undefined ? value : [...(Array.isArray(prior) ? prior : [prior]), value];
    }
    return { ok: true, value: form };
  }
  return { ok: "opaque" };
}

/** Request body against `requestBody`, and a 2xx response body against `responses[status]`. */
export function checkBody(
  contract: OpenApiContract,
  op: MatchedOperation,
  exchange: HttpExchange,
  issue: Issue,
): ContractIssue[] {
  return [...checkRequest(contract, op, exchange, issue), ...checkResponse(contract, op, exchange, issue)];
}

function checkRequest(
  contract: OpenApiContract,
  op: MatchedOperation,
  ex: HttpExchange,
  issue: Issue,
): ContractIssue[] {
  const sent = ex.requestBody !== undefined && ex.requestBody !== "";
  const body = follow(contract.doc, {
    node: op.operation.requestBody,
    pointer: childPointer(op.pointer, "requestBody"),
  });
  if (!isRecord(body.node)) return sent ? [issue("request", "", "the operation takes no request body")] : [];
  if (!sent) return body.node.required === true ? [issue("request", "", "required request body missing")] : [];
  const content = isRecord(body.node.content) ? body.node.content : {};
  const type = mediaType(ex.requestContentType);
  const key = contentFor(content, type);
  if (key === undefined) {
    return [issue("request", "", `content type ${type || "(none)"} not in ${JSON.stringify(Object.keys(content))}`)];
  }
  return validateContent(contract, childPointer(body.pointer, "content", key), type, ex.requestBody ?? "", {
    kind: "request",
    strictKeys: true,
    issue,
  });
}

function checkResponse(
  contract: OpenApiContract,
  op: MatchedOperation,
  ex: HttpExchange,
  issue: Issue,
): ContractIssue[] {
  if (ex.status < 200 || ex.status > 299) return [];
  const responses = isRecord(op.operation.responses) ? op.operation.responses : {};
  const code = [String(ex.status), `${String(ex.status)[0]}XX`, "default"].find((c) => c in responses);
  if (code === undefined) {
    return [issue("response", "", `status ${ex.status} is not documented (${Object.keys(responses).join(", ")})`)];
  }
  const response = follow(contract.doc, {
    node: responses[code],
    pointer: childPointer(op.pointer, "responses", code),
  });
  const content = isRecord(response.node) && isRecord(response.node.content) ? response.node.content : undefined;
  if (!content || Object.keys(content).length === 0) {
    return ex.responseBody.trim() === "" ? [] : [issue("response", "", `status ${code} documents no body`)];
  }
  const type = mediaType(ex.responseContentType);
  const key = contentFor(content, type);
  if (key === undefined) {
    return [issue("response", "", `content type ${type || "(none)"} not in ${JSON.stringify(Object.keys(content))}`)];
  }
  return validateContent(contract, childPointer(response.pointer, "content", key), type, ex.responseBody, {
    kind: "response",
    strictKeys: false,
    issue,
  });
}

function validateContent(
  contract: OpenApiContract,
  mediaPointer: string,
  type: string,
  text: string,
  how: { kind: IssueKind; strictKeys: boolean; issue: Issue },
): ContractIssue[] {
  const media = follow(contract.doc, { node: valueAt(contract.doc, mediaPointer), pointer: mediaPointer });
  if (!isRecord(media.node) || media.node.schema === undefined) return [];
  const schemaPointer = childPointer(media.pointer, "schema");
  const parsed = parseBody(type, text);
  if (parsed.ok === "opaque") return [];
  if (parsed.ok === false) return [how.issue(how.kind, "", parsed.message)];
  const out = contract.validate(schemaPointer, parsed.value).map((e) => how.issue(how.kind, e.pointer, e.message));
  // Responses may carry more than a vendor documents; what our client sends must be documented.
  if (how.strictKeys) {
    for (const where of undocumentedKeys(contract.doc, media.node.schema, parsed.value)) {
      out.push(how.issue(how.kind, where, "property not in the spec"));
    }
  }
  return out;
}
