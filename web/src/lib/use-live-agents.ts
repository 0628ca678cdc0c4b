import { useCallback, useEffect, useRef, useState } from "react";
import type { AgentSummaryDto } from "../../../src/api/contracts.ts";
import { upsertAgent } from "./agent-view.ts";
import { ApiError, api } from "./api.ts";
import { useLive } from "./live.ts";
import type { CommandDto } from "./types.ts";

// Beyond this many changes in one burst, one list request is cheaper than one request per agent.
const MAX_SINGLE_FETCHES = 20;
const BURST_MS = 150;

export type LiveAgents = {
  agents: AgentSummaryDto[] | null;
  error: unknown;
  updatedAt: number | null;
  reload: () => Promise<void>;
  replace: (agent: AgentSummaryDto) => void;
};

/**
 * The agent list, kept current: `agent.updated` refetches that agent; `command.updated` refetches the agent the
 * command is for (a platform confirming a write changes the agent's "actual" state, and with it the ✓ marks);
 * a poll tick (no live stream) or a large burst reloads the whole list.
 */
export function useLiveAgents(): LiveAgents {
  const [agents, setAgents] = useState<AgentSummaryDto[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [updatedAt, setUpdatedAt] = useState<number | null>(null);
  const pendingAgents = useRef(new Set<string>());
  const pendingCommands = useRef(new Set<string>());
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const loadingAll = useRef(false);

  const reload = useCallback(async () => {
    if (loadingAll.current) return;
    loadingAll.current = true;
    try {
      const data = await api.get<{ items: AgentSummaryDto[] }>("/api/agents");
      setAgents(data.items);
      setError(null);
      setUpdatedAt(Date.now());
    } catch (caught) {
      setError(caught);
    } finally {
      loadingAll.current = false;
    }
  }, []);

  const flush = useCallback(async () => {
    timer.current = null;
    const agentIds = new Set(pendingAgents.current);
    const commandIds = [...pendingCommands.current];
    pendingAgents.current.clear();
    pendingCommands.current.clear();
    if (commandIds.length > MAX_SINGLE_FETCHES) return reload();
    const commands = await Promise.allSettled(
      commandIds.map((id) => api.get<CommandDto>(`/api/commands/${encodeURIComponent(id)}`)),
    );
    for (const c of commands) if (c.status === "fulfilled" && c.value.agentId) agentIds.add(c.value.agentId);
    const ids = [...agentIds];
    if (ids.length > MAX_SINGLE_FETCHES) return reload();
    const results = await Promise.allSettled(
      ids.map((id) => api.get<AgentSummaryDto>(`/api/agents/${encodeURIComponent(id)}`)),
    );
    setAgents((list) => {
      let next = list ?? [];
      results.forEach((result, i) => {
        if (result.status === "fulfilled") next = upsertAgent(next, result.value);
        // A 404 means the agent was removed; other failures leave the row as it was until the next change.
        else if (result.reason instanceof ApiError && result.reason.status === 404)
          next = next.filter((a) => a.id !== ids[i]);
      });
      return next;
    });
    setUpdatedAt(Date.now());
  }, [reload]);

  useEffect(() => {
    void reload();
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
  }, [reload]);

  useLive(["agent.updated", "command.updated"], (signal) => {
    if (signal.type === "poll" || !signal.id) return void reload();
    (signal.type === "agent.updated" ? pendingAgents : pendingCommands).current.add(signal.id);
    timer.current ??= setTimeout(() => void flush(), BURST_MS);
  });

  const replace = useCallback((agent: AgentSummaryDto) => setAgents((list) => upsertAgent(list ?? [], agent)), []);
  return { agents, error, updatedAt, reload, replace };
}
