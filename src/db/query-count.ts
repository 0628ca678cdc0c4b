import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Which part of the hub a database query belongs to (a job's task name, "ingest" for the webhook route), so the
 * queries per webhook and per command can be counted — a figure that, unlike latency, does not depend on how busy
 * the machine is. Queries outside any scope (graphile-worker's own fetches, the web API) count as "other".
 */
const scope = new AsyncLocalStorage<string>();

export function withQueryScope<T>(name: string, fn: () => T): T {
  return scope.run(name, fn);
}

export const currentQueryScope = (): string => scope.getStore() ?? "other";
