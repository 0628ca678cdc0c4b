/**
 * The smallest value a JSON Schema (as OpenAPI shows a route's body) accepts: required properties only, the first
 * enum value, minimum lengths and bounds. Lets a test call every route with a body that passes validation, so what
 * it observes is authorisation and scoping, not a 400.
 */
export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  format?: string;
  minLength?: number;
  minimum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  default?: unknown;
};

export function sample(schema: JsonSchema | undefined): unknown {
  if (!schema) return undefined;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum && schema.enum.length > 0) return schema.enum[0];
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return sample(alternatives.find((s) => s.type !== "null") ?? alternatives[0]);
  if (schema.allOf?.[0]) return sample(schema.allOf[0]);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  switch (type) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const key of schema.required ?? []) out[key] = sample(schema.properties?.[key]);
      return out;
    }
    case "array":
      return Array.from({ length: Math.max(1, schema.minItems ?? 0) }, () => sample(schema.items));
    case "string":
      return sampleString(schema);
    case "integer":
    case "number":
      return schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1);
    case "boolean":
      return true;
    case "null":
      return null;
    default:
      return schema.default ?? {};
  }
}

function sampleString(schema: JsonSchema): string {
  switch (schema.format) {
    case "email":
      return "someone@example.test";
    case "date-time":
      return "2099-01-01T00:00:00.000Z";
    case "uri":
    case "url":
      return "https://example.test/";
    default:
      return "x".repeat(Math.max(12, schema.minLength ?? 0));
  }
}
