import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import formats from "ajv-formats";

export type Dialect = "openapi-3.0" | "openapi-3.1";
export type SchemaError = { pointer: string; message: string };

/**
 * Validates values against schemas that live inside a whole OpenAPI document, addressed by JSON pointer, so every
 * `$ref` to `#/components/...` resolves inside the same document. OpenAPI 3.0 schemas are JSON Schema draft-04/07
 * plus `nullable` (Ajv knows it); 3.1 schemas are JSON Schema 2020-12.
 */
export class DocumentValidator {
  readonly #ajv: Ajv;
  readonly #id: string;
  readonly #cache = new Map<string, ValidateFunction>();

  constructor(doc: object, dialect: Dialect, id: string) {
    // strict off: OpenAPI adds keywords (example, discriminator, xml, x-…) that are annotations, not assertions.
    // validateSchema off: the document as a whole is not a JSON Schema, only the parts we point at are.
    const options = { strict: false, allErrors: true, validateSchema: false, logger: false } as const;
    this.#ajv = dialect === "openapi-3.1" ? new Ajv2020(options) : new Ajv(options);
    formats.default(this.#ajv);
    // OpenAPI's own data-type formats (not JSON Schema's): the integer ranges are worth checking, the rest are hints.
    this.#ajv.addFormat("int32", {
      type: "number",
      validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31,
    });
    this.#ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
    for (const name of ["float", "double"]) this.#ajv.addFormat(name, { type: "number", validate: () => true });
    for (const name of ["binary", "byte", "password"]) this.#ajv.addFormat(name, true);
    this.#ajv.addSchema(doc, id);
    this.#id = id;
  }

  /** `pointer` is a `#/…` location in the document. Compiled once per pointer. */
  validate(pointer: string, value: unknown): SchemaError[] {
    const validator = this.#compile(pointer);
    if (validator(value)) return [];
    return (validator.errors ?? []).map(describe);
  }

  #compile(pointer: string): ValidateFunction {
    const cached = this.#cache.get(pointer);
    if (cached) return cached;
    const validator = this.#ajv.compile({ $ref: `${this.#id}${pointer}` });
    this.#cache.set(pointer, validator);
    return validator;
  }
}

function describe(error: ErrorObject): SchemaError {
  const detail = error.keyword === "enum" ? ` ${JSON.stringify(error.params.allowedValues)}` : "";
  const extra = error.keyword === "additionalProperties" ? ` (${String(error.params.additionalProperty)})` : "";
  return { pointer: error.instancePath, message: `${error.message ?? error.keyword}${detail}${extra}` };
}
