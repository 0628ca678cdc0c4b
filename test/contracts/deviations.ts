import type { ContractIssue, IssueKind } from "./openapi.ts";

/**
 * A known, justified difference between what goes over the wire and the vendor's description. Every contract test
 * lists its deviations in one table with the reason; an issue no row explains fails the test, and a row that no
 * longer matches anything fails too, so the table cannot silently outlive the problem it excuses.
 */
export type Deviation = {
  /** `METHOD /template` as the spec names it (or the path as sent, for an operation the spec lacks). */
  operation: string | RegExp;
  kind: IssueKind;
  /** JSON pointer of the offending value; a RegExp to cover list items. Omitted: any pointer. */
  pointer?: string | RegExp;
  message?: RegExp;
  reason: string;
};

const matchesText = (pattern: string | RegExp | undefined, text: string): boolean =>
  pattern === undefined || (typeof pattern === "string" ? pattern === text : pattern.test(text));

export const explains = (d: Deviation, issue: ContractIssue): boolean =>
  d.kind === issue.kind &&
  matchesText(d.operation, issue.operation) &&
  matchesText(d.pointer, issue.pointer) &&
  matchesText(d.message, issue.message);

export type Sorted = { unexplained: ContractIssue[]; used: Set<Deviation> };

export function sortIssues(issues: readonly ContractIssue[], deviations: readonly Deviation[]): Sorted {
  const used = new Set<Deviation>();
  const unexplained: ContractIssue[] = [];
  for (const issue of issues) {
    const row = deviations.find((d) => explains(d, issue));
    if (row) used.add(row);
    else unexplained.push(issue);
  }
  return { unexplained, used };
}

export const formatIssue = (i: ContractIssue): string =>
  `${i.operation} [${i.kind}] ${i.pointer || "(root)"}: ${i.message}`;

export const formatDeviation = (d: Deviation): string =>
  `${String(d.operation)} [${d.kind}] ${String(d.pointer ?? "*")} ${String(d.message ?? "")} (${d.reason})`;
