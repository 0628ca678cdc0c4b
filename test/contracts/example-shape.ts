import type { JsonRecord } from "./json-pointer.ts";
import { escapeToken, isRecord } from "./json-pointer.ts";

/**
 * The shape documented examples show (keys and JSON types, recursively), for vendors that publish examples instead
 * of a schema. Several examples of one structure merge: a key absent from any of them is optional.
 */

type Primitive = "string" | "number" | "boolean" | "null";

export type Shape = {
  anything?: true;
  primitives: Set<Primitive>;
  object?: ObjectShape;
  /** `item` undefined: the docs show an empty list, so any items. */
  array?: { item: Shape | undefined };
};

export type ObjectShape =
  /** `open`: a documentation placeholder (`{}`) or a free-form map; any keys. */
  | { kind: "fields"; fields: Map<string, { shape: Shape; required: boolean }>; open: boolean }
  /** A union picked by a discriminator key, e.g. users by `type` (customer / agent). */
  | { kind: "variants"; by: string; cases: Map<string, ObjectShape> }
  /** Keys are data (event types), every value has one shape. */
  | { kind: "map"; values: Shape };

/** Shapes to use wherever a key of this name appears, instead of the example's own (often placeholder) value. */
export type Named = ReadonlyMap<string, Shape>;

export const ANYTHING: Shape = { anything: true, primitives: new Set() };
export const anyObject = (): Shape => ({
  primitives: new Set(),
  object: { kind: "fields", fields: new Map(), open: true },
});
export const arrayOf = (item: Shape | undefined): Shape => ({ primitives: new Set(), array: { item } });
export const mapOf = (values: Shape): Shape => ({ primitives: new Set(), object: { kind: "map", values } });

export function shapeOf(value: unknown, named: Named = new Map()): Shape {
  // An example's null shows that the key exists, not what it holds when set.
  if (value === null) return ANYTHING;
  if (typeof value === "string") return { primitives: new Set(["string"]) };
  if (typeof value === "number") return { primitives: new Set(["number"]) };
  if (typeof value === "boolean") return { primitives: new Set(["boolean"]) };
  if (Array.isArray(value)) {
    const items = value.map((v) => shapeOf(v, named));
    return arrayOf(items.length === 0 ? undefined : items.reduce(mergeShapes));
  }
  if (!isRecord(value)) return ANYTHING;
  const fields = new Map<string, { shape: Shape; required: boolean }>();
  for (const [key, child] of Object.entries(value)) {
    fields.set(key, { shape: named.get(key) ?? shapeOf(child, named), required: true });
  }
  return { primitives: new Set(), object: { kind: "fields", fields, open: fields.size === 0 } };
}

/** One case per discriminator value, each the merge of its instances. */
export function variantsOf(by: string, instances: readonly JsonRecord[], named: Named = new Map()): Shape {
  const cases = new Map<string, ObjectShape>();
  for (const instance of instances) {
    const tag = instance[by];
    const object = shapeOf(instance, named).object;
    if (typeof tag !== "string" || !object) continue;
    const prior = cases.get(tag);
    cases.set(tag, prior ? mergeObjects(prior, object) : object);
  }
  return { primitives: new Set(), object: { kind: "variants", by, cases } };
}

export function mergeShapes(a: Shape, b: Shape): Shape {
  if (a.anything || b.anything) return ANYTHING;
  const out: Shape = { primitives: new Set([...a.primitives, ...b.primitives]) };
  if (a.object || b.object)
    out.object = a.object && b.object ? mergeObjects(a.object, b.object) : (a.object ?? b.object);
  if (a.array || b.array) {
    const [x, y] = [a.array?.item, b.array?.item];
    out.array = { item: x && y ? mergeShapes(x, y) : (x ?? y) };
  }
  return out;
}

function mergeObjects(a: ObjectShape, b: ObjectShape): ObjectShape {
  if (a.kind === "variants" && b.kind === "variants") {
    const cases = new Map(a.cases);
    for (const [tag, shape] of b.cases) {
      const prior = cases.get(tag);
      cases.set(tag, prior ? mergeObjects(prior, shape) : shape);
    }
    return { ...a, cases };
  }
  if (a.kind === "map" && b.kind === "map") return { kind: "map", values: mergeShapes(a.values, b.values) };
  if (a.kind !== "fields" || b.kind !== "fields") return a.kind === "fields" ? b : a;
  // A placeholder `{}` says nothing about which keys are required: the other example decides.
  if (a.fields.size === 0 && a.open) return b;
  if (b.fields.size === 0 && b.open) return a;
  const fields = new Map<string, { shape: Shape; required: boolean }>();
  for (const key of new Set([...a.fields.keys(), ...b.fields.keys()])) {
    const [x, y] = [a.fields.get(key), b.fields.get(key)];
    const shape = x && y ? mergeShapes(x.shape, y.shape) : (x?.shape ?? y?.shape ?? ANYTHING);
    fields.set(key, { shape, required: Boolean(x?.required && y?.required) });
  }
  return { kind: "fields", fields, open: a.open && b.open };
}

export type ShapeIssue = { pointer: string; message: string };
export type CompareOptions = {
  /** Requests send a subset of the documented parameters: missing keys are fine, unknown ones are not. */
  missingIsFine?: boolean;
  /** Pointers of keys the docs call optional although every example shows them. */
  optional?: readonly RegExp[];
};

const isPrimitive = (k: string): k is Primitive => k === "string" || k === "number" || k === "boolean" || k === "null";
const kindOf = (v: unknown): string => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);
const documentedKinds = (s: Shape): string =>
  [...s.primitives, ...(s.object ? ["object"] : []), ...(s.array ? ["array"] : [])].join(" | ") || "nothing";

export function compareShape(actual: unknown, shape: Shape, options: CompareOptions = {}, pointer = ""): ShapeIssue[] {
  if (shape.anything) return [];
  const kind = kindOf(actual);
  const typeIssue = [{ pointer, message: `is ${kind}, documented as ${documentedKinds(shape)}` }];
  if (Array.isArray(actual)) {
    if (!shape.array) return typeIssue;
    const item = shape.array.item;
    return item ? actual.flatMap((v, i) => compareShape(v, item, options, `${pointer}/${i}`)) : [];
  }
  if (isRecord(actual)) return shape.object ? compareObject(actual, shape.object, options, pointer) : typeIssue;
  return isPrimitive(kind) && shape.primitives.has(kind) ? [] : typeIssue;
}

function compareObject(actual: JsonRecord, shape: ObjectShape, options: CompareOptions, pointer: string): ShapeIssue[] {
  if (shape.kind === "map") {
    return Object.entries(actual).flatMap(([k, v]) =>
      compareShape(v, shape.values, options, `${pointer}/${escapeToken(k)}`),
    );
  }
  if (shape.kind === "variants") {
    const tag = actual[shape.by];
    const chosen = typeof tag === "string" ? shape.cases.get(tag) : undefined;
    if (chosen) return compareObject(actual, chosen, options, pointer);
    const known = [...shape.cases.keys()].join(", ");
    return [
      {
        pointer: `${pointer}/${shape.by}`,
        message: `${JSON.stringify(tag)} is not a documented ${shape.by} (${known})`,
      },
    ];
  }
  const out: ShapeIssue[] = [];
  for (const [key, value] of Object.entries(actual)) {
    const where = `${pointer}/${escapeToken(key)}`;
    const field = shape.fields.get(key);
    if (field) out.push(...compareShape(value, field.shape, options, where));
    else if (!shape.open) out.push({ pointer: where, message: "key not in the documented examples" });
  }
  if (options.missingIsFine) return out;
  for (const [key, field] of shape.fields) {
    const where = `${pointer}/${escapeToken(key)}`;
    if (field.required && !(key in actual) && !options.optional?.some((r) => r.test(where))) {
      out.push({ pointer: where, message: "documented key missing" });
    }
  }
  return out;
}

/** Adds keys documented outside the examples (method tables, SDK types) as optional, recursing into objects. */
export function withOptionalFields(shape: Shape, extra: JsonRecord, named: Named = new Map()): Shape {
  // On a list, the fields belong to its items.
  const item = shape.array?.item;
  if (item) return { ...shape, array: { item: withOptionalFields(item, extra, named) } };
  const object = shape.object;
  if (object?.kind !== "fields") return shape;
  const fields = new Map(object.fields);
  for (const [key, value] of Object.entries(extra)) {
    const prior = fields.get(key);
    if (!prior) fields.set(key, { shape: named.get(key) ?? shapeOf(value, named), required: false });
    else if (isRecord(value)) fields.set(key, { ...prior, shape: withOptionalFields(prior.shape, value, named) });
  }
  return { ...shape, object: { ...object, fields } };
}

/** Marks top-level keys optional (or required) in a fields object. */
export function setRequired(object: ObjectShape, keys: readonly string[], required: boolean): ObjectShape {
  if (object.kind !== "fields") return object;
  const fields = new Map(object.fields);
  for (const key of keys) {
    const field = fields.get(key);
    if (field) fields.set(key, { ...field, required });
  }
  return { ...object, fields };
}
