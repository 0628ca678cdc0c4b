import type { PlatformError } from "../../src/lib/http-client.ts";
import type { Result } from "../../src/lib/result.ts";
import { SHARED_DIR, SHARED_MISSING } from "../helpers/shared-docs.ts";
import type { Deviation } from "./deviations.ts";
import { explains, formatDeviation, formatIssue, sortIssues } from "./deviations.ts";
import type { ContractIssue } from "./openapi.ts";

/** The suite's name; when the vendor specs are missing the skip carries the reason, so nobody mistakes it for a pass. */
export const contractSuite = (title: string): string => (SHARED_DIR ? title : `${title} — ${SHARED_MISSING}`);

if (!SHARED_DIR) console.warn(SHARED_MISSING);

/**
 * Collects issues over a run, then answers the questions every contract test asks. `findings` are confirmed bugs in
 * a client or sandbox, reported to their owners: they are kept out of the main check and each gets an `it.fails`,
 * so CI stays green while the bug is visible, and turns red once it is fixed and the row can go.
 */
export class IssueLog {
  readonly #issues: ContractIssue[] = [];
  readonly #explained: readonly Deviation[];
  readonly #deviations: readonly Deviation[];

  constructor(deviations: readonly Deviation[], findings: readonly Deviation[] = []) {
    this.#deviations = deviations;
    this.#explained = [...deviations, ...findings];
  }

  add(issues: readonly ContractIssue[]): void {
    this.#issues.push(...issues);
  }

  /** Issues no deviation or finding explains, one line each (empty when everything conforms). */
  unexplained(): string[] {
    return sortIssues(this.#issues, this.#explained).unexplained.map(formatIssue);
  }

  /** Deviation rows that explained nothing in this run: the problem is gone, so the row must go too. */
  stale(): string[] {
    const { used } = sortIssues(this.#issues, this.#deviations);
    return this.#deviations.filter((d) => !used.has(d)).map(formatDeviation);
  }

  /** The issues one finding explains. */
  matching(finding: Deviation): string[] {
    return this.#issues.filter((i) => explains(finding, i)).map(formatIssue);
  }
}

/** A class's public methods, read from its prototype: the list a contract test must exercise. */
export const publicMethods = (cls: { prototype: object }): string[] =>
  Object.getOwnPropertyNames(cls.prototype)
    .filter((name) => name !== "constructor")
    .sort();

/** Wraps a client so the test knows which of its methods the scenario really called. */
export function trackCalls<T extends object>(target: T): { client: T; called: Set<string> } {
  const called = new Set<string>();
  const client = new Proxy(target, {
    get(obj, prop) {
      const value: unknown = Reflect.get(obj, prop, obj);
      if (typeof value !== "function" || typeof prop !== "string") return value;
      called.add(prop);
      // Bound to the real instance: the clients keep their state in #private fields a Proxy cannot reach.
      return value.bind(obj);
    },
  });
  return { client, called };
}

/** The scenario's calls must succeed; a failure stops it with the platform's message. */
export async function must<T>(call: Promise<Result<T, PlatformError>>): Promise<T> {
  const result = await call;
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}
