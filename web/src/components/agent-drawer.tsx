import { useState } from "react";
import type { AgentSummaryDto, Page } from "../../../src/api/contracts.ts";
import {
  describeHistory,
  driftDetail,
  type HistoryEntry,
  intentOrigin,
  stateText,
  statusWord,
} from "../lib/agent-view.ts";
import { api, getParsed } from "../lib/api.ts";
import { formatAgo, formatFull, formatTime, humanize, platformLabel } from "../lib/format.ts";
import { useLive } from "../lib/live.ts";
import { useResource } from "../lib/use-resource.ts";
import { AgentStats, agentStatsSchema } from "./agent-stats.tsx";
import { Badge } from "./badge.tsx";
import { Drawer } from "./drawer.tsx";
import { EmptyState, ErrorState, InlineError, Loading } from "./state-views.tsx";

const INTENTS = ["available", "away", "offline"] as const;

/** One agent in depth: what each platform says against what Switchboard wants, current work, and why it changed. */
export function AgentDrawer({
  agent,
  onClose,
  onChanged,
}: {
  agent: AgentSummaryDto;
  onClose: () => void;
  onChanged: (a: AgentSummaryDto) => void;
}) {
  const history = useResource(`history:${agent.id}`, () =>
    api.get<Page<HistoryEntry>>(`/api/agents/${agent.id}/availability-history`, {
      limit: 25,
    }),
  );
  const stats = useResource(`stats:${agent.id}`, () => getParsed(agentStatsSchema, `/api/agents/${agent.id}/stats`));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useLive(["agent.updated"], (signal) => {
    if (signal.type === "poll" || signal.id === agent.id) history.reload();
  });

  const setIntent = async (intent: (typeof INTENTS)[number]) => {
    setBusy(true);
    setError(null);
    try {
      onChanged(await api.patch<AgentSummaryDto>(`/api/agents/${agent.id}`, { intent }));
      history.reload();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer title={agent.name} subtitle={agent.email ?? undefined} onClose={onClose}>
      <section className="drawer-section">
        <div className="row-gap">
          <Badge status={agent.status}>{statusWord(agent.status)}</Badge>
          <span className="muted">
            intends to be <strong>{agent.intent.status}</strong> ({intentOrigin(agent.intent).full})
          </span>
        </div>
        <div className="row-gap intent-buttons">
          <span className="muted small">Set intent everywhere:</span>
          {INTENTS.map((i) => (
            <button
              key={i}
              type="button"
              className="btn btn-small"
              disabled={busy || agent.intent.status === i}
              onClick={() => void setIntent(i)}
            >
              {humanize(i)}
            </button>
          ))}
        </div>
        <InlineError error={error} />
      </section>
      <section className="drawer-section">
        <h3>Platforms</h3>
        {agent.platforms.length === 0 ? (
          <p className="muted">No platform identity is linked to this agent.</p>
        ) : (
          <table className="table compact">
            <thead>
              <tr>
                <th>Platform</th>
                <th>Actual</th>
                <th>Wanted</th>
                <th>Seen</th>
              </tr>
            </thead>
            <tbody>
              {agent.platforms.map((p) => (
                <tr key={`${p.connectionId}:${p.externalId}`}>
                  <td>
                    {platformLabel(p.platform)}
                    <div className="muted small mono">{p.externalId}</div>
                  </td>
                  <td>
                    {stateText(p.platform, p.actual)}{" "}
                    {p.inSync ? (
                      <span className="sync-mark in-sync">✓</span>
                    ) : (
                      <span className="sync-mark drifting">≠</span>
                    )}
                    {p.inSync ? null : <div className="small tone-text-amber">{driftDetail(p)}</div>}
                  </td>
                  <td>{stateText(p.platform, p.desired)}</td>
                  <td className="small" title={formatFull(p.actualAt)}>
                    {formatAgo(p.actualAt)}
                    <div className="muted">{p.actualSource ?? ""}</div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="drawer-section">
        <h3>Engagements</h3>
        {agent.engagements.length === 0 ? (
          <p className="muted">No active calls or chats.</p>
        ) : (
          <ul className="plain-list">
            {agent.engagements.map((e) => (
              <li key={`${e.platform}:${e.id}`}>
                <strong>{e.kind === "call" ? "Call" : "Chat"}</strong> on {platformLabel(e.platform)}{" "}
                {e.status ? `(${e.status})` : ""} · since {formatTime(e.startedAt)}
                <div className="muted small mono">{e.id}</div>
              </li>
            ))}
          </ul>
        )}
        <p className="muted small">
          Capacity {agent.capacity}; a call costs {agent.costs.call}, a chat {agent.costs.chat}. Used now: {agent.load}.
        </p>
      </section>
      {stats.data ? (
        <section className="drawer-section">
          <h3>Last 24 hours</h3>
          <AgentStats stats={stats.data} />
        </section>
      ) : null}
      <section className="drawer-section">
        <h3>Availability history</h3>
        {history.error ? (
          <ErrorState error={history.error} feature="Availability history" />
        ) : !history.data ? (
          <Loading />
        ) : history.data.items.length === 0 ? (
          <EmptyState title="No transitions recorded yet" />
        ) : (
          <ol className="history">
            {history.data.items.map((h) => (
              <li key={h.id}>
                <span className="muted small" title={formatFull(h.at)}>
                  {formatTime(h.at)}
                </span>
                <span className="badge tone-slate">{humanize(h.kind)}</span>
                <span>{describeHistory(h)}</span>
                {h.cause ? <span className="muted small mono">cause {h.cause}</span> : null}
              </li>
            ))}
          </ol>
        )}
      </section>
    </Drawer>
  );
}
