import { describe, expect, it } from "vitest";
import { isUniqueViolation } from "./errors.ts";

describe("isUniqueViolation", () => {
  const driver = Object.assign(new Error("duplicate key"), { code: "23505", constraint: "users_email_uq" });
  it.each([
    ["the driver's error", driver, undefined, true],
    ["drizzle's wrapper around it", new Error("Failed query", { cause: driver }), undefined, true],
    ["the named constraint", driver, "users_email_uq", true],
    ["another constraint", driver, "agents_email_uq", false],
    ["another SQLSTATE", Object.assign(new Error("fk"), { code: "23503" }), undefined, false],
    ["no code at all", new Error("boom"), undefined, false],
    ["not an error", "23505", undefined, false],
    ["nothing", undefined, undefined, false],
  ])("%s", (_name, error, constraint, expected) => {
    expect(isUniqueViolation(error, constraint)).toBe(expected);
  });
});
