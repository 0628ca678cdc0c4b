import { readFileSync } from "node:fs";
import { sharedPath } from "../helpers/shared-docs.ts";
import { anyObject, compareShape, shapeOf } from "./example-shape.ts";
import type { ContractIssue, HttpExchange, OpenApiContract } from "./openapi.ts";

/**
 * Chatwoot's swagger rarely marks anything required, so a sandbox answer can drift far from the real one and still
 * validate. shared/specs/chatwoot/examples holds answers reconstructed from Chatwoot's jbuilder views (SOURCE.md):
 * a second, stricter reading, compared by shape (keys and JSON types).
 */
export type ExampleCheck = { operation: string; file: string };

/** Hashes whose keys are the account's own data. */
const FREE_FORM = new Map(
  ["custom_attributes", "additional_attributes", "content_attributes"].map((key) => [key, anyObject()]),
);

export function compareWithExample(
  contract: OpenApiContract,
  exchange: HttpExchange,
  checks: readonly ExampleCheck[],
): ContractIssue[] {
  const id = contract.findOperation(exchange.method, exchange.path)?.id;
  const check = checks.find((c) => c.operation === id);
  if (!check || exchange.status < 200 || exchange.status > 299) return [];
  const example: unknown = JSON.parse(readFileSync(sharedPath("specs/chatwoot/examples", check.file), "utf8"));
  const operation = `${check.operation} ~ examples/${check.file}`;
  return compareShape(JSON.parse(exchange.responseBody), shapeOf(example, FREE_FORM)).map((d) => ({
    operation,
    kind: "response",
    pointer: d.pointer,
    message: d.message,
  }));
}
