import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { JOBS } from "../../src/jobs/catalog.ts";
import { buildImportGraph } from "./import-graph.ts";

/** One way to add a job: `enqueue()` (jobs/enqueue.ts) in the caller's transaction, checked against the catalog. */
const ADDS_JOBS = new Set([
  "src/jobs/enqueue.ts",
  // The webhook writer's set-based insert: one `add_jobs` for a whole batch, with the catalog's retry budget.
  "src/ingest/group-commit.ts",
]);

const addJobCallers = () =>
  [...buildImportGraph("src").keys()]
    .filter((file) => /graphile_worker\.add_jobs?\s*\(|\b(quickAddJob|addJobs?)\s*\(/.test(readFileSync(file, "utf8")))
    .sort();

describe("job catalog", () => {
  it("only enqueue() and the webhook writer add jobs", () => {
    const callers = addJobCallers();
    expect(callers).toContain("src/jobs/enqueue.ts");
    expect(callers.filter((file) => !ADDS_JOBS.has(file))).toEqual([]);
  });

  it("gives every job a payload schema and a retry budget", () => {
    for (const [name, job] of Object.entries(JOBS)) {
      expect(name).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(job.maxAttempts, name).toBeGreaterThanOrEqual(1);
      expect(typeof job.payload.parse, name).toBe("function");
    }
  });

  it("refuses a payload that does not match the job's schema", () => {
    expect(() => JOBS["sync-customer-contact"].payload.parse({ customerId: "cus_1" })).toThrow();
    expect(JOBS["sync-customer-contact"].payload.parse({ customerId: "cus_1", connectionId: "con_1" })).toEqual({
      customerId: "cus_1",
      connectionId: "con_1",
    });
  });
});
