import { AgentDrawer } from "../components/agent-drawer.tsx";
import { AgentRow } from "../components/agent-row.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { EmptyState, ErrorState, Loading } from "../components/state-views.tsx";
import { matchesFilter, STATUS_WORDS, summarize } from "../lib/agent-view.ts";
import { formatTime } from "../lib/format.ts";
import { setQuery, useLocation } from "../lib/router.tsx";
import { useLiveAgents } from "../lib/use-live-agents.ts";

/** The live agent board: every agent's one-word state, their intent, each platform's state and their workload. */
export function AgentsPage() {
  const { query } = useLocation();
  const q = query.get("q") ?? "";
  const status = query.get("status") ?? "";
  const openId = query.get("agent");
  const { agents, error, updatedAt, reload, replace } = useLiveAgents();

  if (!agents)
    return error ? (
      <ErrorState error={error} feature="The agent board" onRetry={() => void reload()} />
    ) : (
      <Loading label="Loading agents…" />
    );

  const summary = summarize(agents);
  const shown = agents.filter((a) => matchesFilter(a, { q, status }));
  const tiles: Array<{ key: string; label: string; value: number }> = [
    ...Object.entries(STATUS_WORDS).map(([key, label]) => ({ key, label, value: summary[key] ?? 0 })),
    { key: "drifting", label: "Drifting", value: summary.drifting },
  ];
  const open = openId ? agents.find((a) => a.id === openId) : undefined;

  return (
    <div>
      <PageHeader
        title="Agent board"
        subtitle={
          <>
            {summary.total} agents · {summary.calls} active calls · {summary.chats} active chats
            {updatedAt ? <> · updated {formatTime(updatedAt)}</> : null}
          </>
        }
      />
      {error ? <ErrorState error={error} feature="Live updates" /> : null}
      <fieldset className="tiles">
        <legend className="visually-hidden">Filter by status</legend>
        {tiles.map((t) => (
          <button
            key={t.key}
            type="button"
            className={`tile tile-${t.key}${status === t.key ? " selected" : ""}`}
            aria-pressed={status === t.key}
            onClick={() => setQuery({ status: status === t.key ? null : t.key })}
          >
            <span className="tile-value" data-testid={`count-${t.key}`}>
              {t.value}
            </span>
            <span className="tile-label">{t.label}</span>
          </button>
        ))}
      </fieldset>
      <div className="toolbar">
        <input
          type="search"
          className="search"
          placeholder="Find an agent by name or email"
          value={q}
          onChange={(e) => setQuery({ q: e.target.value })}
          aria-label="Find an agent"
        />
        {status ? (
          <button type="button" className="btn btn-ghost" onClick={() => setQuery({ status: null })}>
            Showing {STATUS_WORDS[status] ?? status} only · clear
          </button>
        ) : null}
      </div>
      {agents.length === 0 ? (
        <EmptyState title="No agents yet">
          Agents are discovered when a platform is connected (matched by email across platforms), or created through the
          API. Add a connection on the Connections page.
        </EmptyState>
      ) : shown.length === 0 ? (
        <EmptyState title="No agent matches">Clear the search or the status filter to see everyone.</EmptyState>
      ) : (
        <table className="table board">
          <colgroup>
            <col className="col-agent" />
            <col className="col-status" />
            <col className="col-intent" />
            <col className="col-platform" />
            <col className="col-platform" />
            <col className="col-platform" />
            <col className="col-workload" />
          </colgroup>
          <thead>
            <tr>
              {["Agent", "Status", "Intent", "LiveChat", "Chatwoot", "RingCentral", "Workload"].map((h) => (
                <th key={h}>{h}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((agent) => (
              <AgentRow key={agent.id} agent={agent} onOpen={(id) => setQuery({ agent: id })} />
            ))}
          </tbody>
        </table>
      )}
      {open ? <AgentDrawer agent={open} onClose={() => setQuery({ agent: null })} onChanged={replace} /> : null}
    </div>
  );
}
