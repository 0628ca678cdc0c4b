/** JSON Pointer (RFC 6901) over a parsed API description, and `$ref` following for its non-schema objects. */

export type JsonRecord = Record<string, unknown>;

export const isRecord = (value: unknown): value is JsonRecord =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export const escapeToken = (token: string): string => token.replaceAll("~", "~0").replaceAll("/", "~1");
const unescapeToken = (token: string): string => token.replaceAll("~1", "/").replaceAll("~0", "~");

/** `#/a/b` → the value there, or undefined. Only local pointers: the vendors' specs are single files. */
export function valueAt(doc: unknown, pointer: string): unknown {
  if (!pointer.startsWith("#")) return undefined;
  const tokens = pointer.slice(1).split("/").slice(1).map(unescapeToken);
  let node: unknown = doc;
  for (const token of tokens) {
    if (Array.isArray(node)) node = node[Number(token)];
    else if (isRecord(node)) node = node[token];
    else return undefined;
  }
  return node;
}

export const childPointer = (pointer: string, ...tokens: (string | number)[]): string =>
  [pointer, ...tokens.map((t) => escapeToken(String(t)))].join("/");

export type Located = { node: unknown; pointer: string };

/**
 * Follows `$ref` chains (parameters, request bodies, responses are often references to `#/components/...`), so
 * the caller knows both the object and where it really lives: schema validation is compiled from that pointer.
 */
export function follow(doc: unknown, located: Located): Located {
  let current = located;
  for (let hops = 0; hops < 32; hops++) {
    const ref = isRecord(current.node) ? current.node.$ref : undefined;
    if (typeof ref !== "string") return current;
    current = { node: valueAt(doc, ref), pointer: ref };
  }
  throw new Error(`$ref cycle at ${located.pointer}`);
}
