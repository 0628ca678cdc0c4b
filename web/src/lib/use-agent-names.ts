import { useEffect, useState } from "react";
import type { AgentSummaryDto } from "../../../src/api/contracts.ts";
import { api } from "./api.ts";

let cache: { at: number; names: Map<string, string> } | null = null;
const FRESH_MS = 60_000;

/**
 * Agent id → name, so lists of commands and conversations can name people. Shared and kept for a minute: names
 * rarely change and every list page needs them.
 */
export function useAgentNames(): Map<string, string> {
  const [names, setNames] = useState<Map<string, string>>(cache?.names ?? new Map());
  useEffect(() => {
    if (cache && Date.now() - cache.at < FRESH_MS) return;
    let alive = true;
    api
      .get<{ items: AgentSummaryDto[] }>("/api/agents")
      .then((data) => {
        cache = { at: Date.now(), names: new Map(data.items.map((a) => [a.id, a.name])) };
        if (alive) setNames(cache.names);
      })
      // Without names the lists show ids; that is worse but still correct.
      .catch(() => undefined);
    return () => {
      alive = false;
    };
  }, []);
  return names;
}

export function clearAgentNames(): void {
  cache = null;
}
