import type { JsonRecord } from "./json-pointer.ts";
import { follow, isRecord } from "./json-pointer.ts";

/** Reads a spec's schemas directly, for the two checks JSON Schema validation alone does not give us. */

type Documented = { open: boolean; props: Map<string, unknown[]> };

const schemaAt = (doc: unknown, schema: unknown): unknown => follow(doc, { node: schema, pointer: "" }).node;

const explicitlyOpen = (s: JsonRecord): boolean =>
  s.additionalProperties === true || isRecord(s.additionalProperties) || isRecord(s.patternProperties);

const typeOf = (s: JsonRecord): string | undefined => {
  if (typeof s.type === "string") return s.type;
  if (Array.isArray(s.type)) return s.type.find((t): t is string => typeof t === "string" && t !== "null");
  return undefined;
};

function documented(doc: unknown, schema: unknown): Documented {
  const s = schemaAt(doc, schema);
  const out: Documented = { open: false, props: new Map() };
  if (!isRecord(s)) return { open: true, props: out.props };
  const add = (name: string, sub: unknown) => out.props.set(name, [...(out.props.get(name) ?? []), sub]);
  if (isRecord(s.properties)) for (const [name, sub] of Object.entries(s.properties)) add(name, sub);
  const merge = (branches: unknown, structurelessOpens: boolean) => {
    if (!Array.isArray(branches)) return;
    for (const branch of branches) {
      const b = schemaAt(doc, branch);
      // allOf members that only add `required` or a description say nothing about which keys exist.
      if (!structurelessOpens && isRecord(b) && !hasStructure(b) && !explicitlyOpen(b)) continue;
      const inner = documented(doc, branch);
      out.open ||= inner.open;
      for (const [name, subs] of inner.props) for (const sub of subs) add(name, sub);
    }
  };
  merge(s.allOf, false);
  merge(s.oneOf, true);
  merge(s.anyOf, true);
  const type = typeOf(s);
  out.open ||= explicitlyOpen(s) || (!hasStructure(s) && (type === undefined || type === "object"));
  return out;
}

const hasStructure = (s: JsonRecord): boolean =>
  isRecord(s.properties) || Array.isArray(s.allOf) || Array.isArray(s.oneOf) || Array.isArray(s.anyOf);

/**
 * JSON pointers of keys in `value` that the schema never mentions. JSON Schema lets unknown keys through unless a
 * spec says `additionalProperties: false` (vendors rarely do), so a field our client invents would pass unseen.
 */
export function undocumentedKeys(doc: unknown, schema: unknown, value: unknown, path = ""): string[] {
  if (Array.isArray(value)) {
    const s = schemaAt(doc, schema);
    const items = isRecord(s) ? s.items : undefined;
    if (items === undefined) return [];
    return value.flatMap((item, i) => undocumentedKeys(doc, items, item, `${path}/${i}`));
  }
  if (!isRecord(value)) return [];
  const { open, props } = documented(doc, schema);
  const out: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    const where = `${path}/${key}`;
    const subs = props.get(key);
    if (!subs) {
      if (!open) out.push(where);
      continue;
    }
    // Several branches may document the key: the value only has to fit one of them.
    const candidates = subs.map((sub) => undocumentedKeys(doc, sub, child, where));
    out.push(...candidates.reduce((best, c) => (c.length < best.length ? c : best)));
  }
  return out;
}

/** Every type a schema (or one of its oneOf/anyOf branches, e.g. RingCentral's `perPage`: integer or "max") allows. */
function typesOf(doc: unknown, schema: unknown): Set<string> {
  const s = schemaAt(doc, schema);
  const out = new Set<string>();
  if (!isRecord(s)) return out;
  const own = typeOf(s);
  if (own !== undefined) out.add(own);
  for (const key of ["oneOf", "anyOf", "allOf"]) {
    const branches = s[key];
    if (Array.isArray(branches)) for (const b of branches) for (const t of typesOf(doc, b)) out.add(t);
  }
  return out;
}

const coerceScalar = (doc: unknown, schema: unknown, raw: string): unknown => {
  const types = typesOf(doc, schema);
  if ((types.has("integer") || types.has("number")) && raw.trim() !== "" && Number.isFinite(Number(raw))) {
    return Number(raw);
  }
  if (types.has("boolean") && (raw === "true" || raw === "false")) return raw === "true";
  return raw;
};

/**
 * Path and query values arrive as strings; the parameter's schema says what they mean (OpenAPI `style: form`,
 * `explode: true`, the default for query: an array parameter is the name repeated). A repeated scalar stays an
 * array, so validation reports it.
 */
export function coerceParameter(doc: unknown, schema: unknown, raw: readonly string[]): unknown {
  const s = schemaAt(doc, schema);
  if (isRecord(s) && typeOf(s) === "array") return raw.map((r) => coerceScalar(doc, s.items, r));
  if (raw.length !== 1) return [...raw];
  return coerceScalar(doc, s, raw[0] ?? "");
}
