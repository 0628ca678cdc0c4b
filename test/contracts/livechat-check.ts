import type { Shape } from "./example-shape.ts";
import { compareShape, withOptionalFields } from "./example-shape.ts";
import type { JsonRecord } from "./json-pointer.ts";
import { isRecord } from "./json-pointer.ts";
import type { LivechatApi, LivechatExamples } from "./livechat-examples.ts";
import type { ContractIssue, HttpExchange, IssueKind } from "./openapi.ts";

/**
 * A parameter or field documented outside the examples (method tables, official SDK types), added to the shape as an
 * optional key: `where` matches the action (method or webhook name), `example` shows the key(s) in place.
 */
export type DocumentedFields = {
  kind: "request" | "response" | "webhook";
  where: RegExp;
  versions: readonly string[];
  example: JsonRecord;
  source: string;
};

/** A key the docs call optional although the examples always show it (or a field they document conditionally). */
export type OptionalKey = { where: RegExp; pointer: RegExp; reason: string };

const ACTION_PATH = /^\/(v3\.\d+)\/(agent|configuration)\/action\/([a-z_]+)$/;

const parse = (text: string | undefined): { ok: true; value: unknown } | { ok: false } => {
  if (text === undefined || text.trim() === "") return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
};

/**
 * One Web API call against the docs: the action must be documented for this version, our request may use only
 * documented parameters (with documented types), and a 2xx answer must have the documented response shape.
 */
export function checkAction(
  examples: LivechatExamples,
  e: HttpExchange,
  documented: readonly DocumentedFields[],
  optional: readonly OptionalKey[],
): ContractIssue[] {
  const match = ACTION_PATH.exec(e.path);
  const operation = `${e.method} ${e.path}`;
  const issue = (kind: IssueKind, pointer: string, message: string): ContractIssue => ({
    operation,
    kind,
    pointer,
    message,
  });
  if (!match || e.method !== "POST")
    return [issue("operation", "", "not a LiveChat Web API action (POST /vX/api/action/name)")];
  const [, version, apiName, action = ""] = match;
  const api: LivechatApi = apiName === "configuration" ? "configuration" : "agent";
  if (version !== examples.version) return [issue("operation", "", `sent to ${version}, expected ${examples.version}`)];
  if (!examples.documents(api, action)) {
    return [
      issue(
        "operation",
        "",
        `no documented ${api} method "${action}" in ${version} (examples/*-api/${version}/methods)`,
      ),
    ];
  }
  const out: ContractIssue[] = [];
  const request = parse(e.requestBody);
  if (!request.ok) out.push(issue("request", "", "request body is not JSON"));
  else {
    const shape = extend(examples, examples.request(api, action), documented, "request", action);
    for (const d of compareShape(request.value, shape, { missingIsFine: true }))
      out.push(issue("request", d.pointer, d.message));
  }
  if (e.status < 200 || e.status > 299) return out;
  const answer = examples.response(api, action);
  const response = parse(e.responseBody);
  if (!response.ok) return [...out, issue("response", "", "response body is not JSON")];
  if (answer === undefined) {
    // "No response payload (200 OK)": an empty body or `{}`.
    const empty = isRecord(response.value) && Object.keys(response.value).length === 0;
    return empty ? out : [...out, issue("response", "", "the docs show no response payload for this method")];
  }
  const keys = optional.filter((o) => o.where.test(action)).map((o) => o.pointer);
  const shape = extend(examples, answer, documented, "response", action);
  for (const d of compareShape(response.value, shape, { optional: keys }))
    out.push(issue("response", d.pointer, d.message));
  return out;
}

/** A delivered webhook body against the documented examples of its action (envelope and payload). */
export function checkWebhook(
  examples: LivechatExamples,
  body: string,
  documented: readonly DocumentedFields[],
  optional: readonly OptionalKey[],
): ContractIssue[] {
  const parsed = parse(body);
  const action = parsed.ok && isRecord(parsed.value) ? String(parsed.value.action) : "(unparsable)";
  const operation = `webhook ${action} ${examples.version}`;
  const issue = (pointer: string, message: string): ContractIssue => ({ operation, kind: "webhook", pointer, message });
  if (!parsed.ok) return [issue("", "body is not JSON")];
  const example = examples.webhook(action);
  if (!example) return [issue("", `no documented example for webhook "${action}" in ${examples.version}`)];
  const keys = optional.filter((o) => o.where.test(action)).map((o) => o.pointer);
  const shape = extend(examples, example, documented, "webhook", action);
  return compareShape(parsed.value, shape, { optional: keys }).map((d) => issue(d.pointer, d.message));
}

function extend(
  examples: LivechatExamples,
  shape: Shape,
  documented: readonly DocumentedFields[],
  kind: DocumentedFields["kind"],
  action: string,
): Shape {
  return documented
    .filter((d) => d.kind === kind && d.where.test(action) && d.versions.includes(examples.version))
    .reduce((s, d) => withOptionalFields(s, d.example, examples.named), shape);
}
