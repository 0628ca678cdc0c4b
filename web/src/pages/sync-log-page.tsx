import { useState } from "react";
import { Badge } from "../components/badge.tsx";
import { CommandDrawer } from "../components/command-drawer.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { Pager } from "../components/pager.tsx";
import { PlatformSelect } from "../components/platform-select.tsx";
import { Segmented } from "../components/segmented.tsx";
import { EmptyState, ErrorState, InlineError, Loading } from "../components/state-views.tsx";
import { api } from "../lib/api.ts";
import { STATUS_FILTER_LABELS, stateBadge, stateDetail } from "../lib/command-state.ts";
import { formatAgo, formatFull, formatTime, humanize, platformLabel } from "../lib/format.ts";
import { useLive } from "../lib/live.ts";
import { setQuery, useLocation } from "../lib/router.tsx";
import { COMMAND_STATUSES, type CommandDto, type Page } from "../lib/types.ts";
import { useAgentNames } from "../lib/use-agent-names.ts";
import { useCursorPages } from "../lib/use-cursor.ts";
import { useResource } from "../lib/use-resource.ts";

const PAGE_SIZE = 50;

/** `{ routingStatus: "not_accepting_chats" }` → `routing status = not accepting chats`: what the command wants. */
export function targetOf(cmd: CommandDto): string {
  const target = cmd.payload.target;
  if (target && typeof target === "object") {
    return Object.entries(target as Record<string, unknown>)
      .map(([k, v]) => `${humanize(k.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase())} = ${humanize(String(v))}`)
      .join(", ");
  }
  if (typeof cmd.payload.text === "string")
    return cmd.payload.text.length > 80 ? `${cmd.payload.text.slice(0, 77)}…` : cmd.payload.text;
  return "";
}

/** The sync log: every write Switchboard made to a platform, whether it worked, and the dead letters to retry. */
export function SyncLogPage() {
  const { query } = useLocation();
  const status = query.get("status") ?? "";
  const platform = query.get("platform") ?? "";
  const openId = query.get("command");
  const filters = { status, platform };
  const pages = useCursorPages(JSON.stringify(filters));
  const names = useAgentNames();
  const list = useResource(`commands:${status}:${platform}:${pages.cursor ?? ""}`, () =>
    api.get<Page<CommandDto>>("/api/commands", { ...filters, cursor: pages.cursor, limit: PAGE_SIZE }),
  );
  const [retrying, setRetrying] = useState<Set<string>>(new Set());
  const [actionError, setActionError] = useState<unknown>(null);

  // Only the first page follows live changes: later pages would shift under the reader.
  useLive(["command.updated"], () => {
    if (pages.page === 1) list.reload();
  });

  const retry = async (cmd: CommandDto) => {
    setRetrying((s) => new Set(s).add(cmd.id));
    setActionError(null);
    try {
      await api.post<CommandDto>(`/api/commands/${cmd.id}/retry`);
      list.reload();
    } catch (caught) {
      setActionError(caught);
    } finally {
      setRetrying((s) => {
        const next = new Set(s);
        next.delete(cmd.id);
        return next;
      });
    }
  };

  const items = list.data?.items ?? [];
  return (
    <div>
      <PageHeader
        title="Sync log"
        subtitle="Every write to a platform: the target state it carries, its attempts and errors. Dead letters gave up and wait for a person."
      />
      <div className="toolbar">
        <Segmented
          label="Status"
          value={status}
          options={["", ...COMMAND_STATUSES].map((s) => ({
            value: s,
            label: STATUS_FILTER_LABELS[s] ?? humanize(s),
          }))}
          onChange={(s) => setQuery({ status: s || null })}
        />
        <PlatformSelect value={platform} onChange={(p) => setQuery({ platform: p })} />
      </div>
      <InlineError error={actionError} />
      {list.error ? (
        <ErrorState error={list.error} feature="The sync log" onRetry={list.reload} />
      ) : !list.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <EmptyState title={status === "dead" ? "No dead letters" : "No commands"}>
          {status === "dead"
            ? "Every write that was tried either worked or is still being retried."
            : "Commands appear when an agent's state changes and a platform must be told."}
        </EmptyState>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>When</th>
              <th>Platform</th>
              <th>Agent</th>
              <th>Command</th>
              <th>Status</th>
              <th>Attempts</th>
              <th>Last error</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {items.map((cmd) => (
              <tr
                key={cmd.id}
                data-testid="command-row"
                data-id={cmd.id}
                data-status={cmd.status}
                data-state={cmd.state.name}
                className={cmd.state.errorIsFinal ? "row-dead" : undefined}
              >
                <td title={formatFull(cmd.createdAt)}>
                  {formatTime(cmd.createdAt)}
                  <div className="muted small">{formatAgo(cmd.createdAt)}</div>
                </td>
                <td>{platformLabel(cmd.platform)}</td>
                <td>
                  {cmd.agentId ? (names.get(cmd.agentId) ?? <span className="mono small">{cmd.agentId}</span>) : "—"}
                </td>
                <td>
                  <button type="button" className="link-button" onClick={() => setQuery({ command: cmd.id })}>
                    {humanize(cmd.kind.split(".").slice(1).join(".") || cmd.kind)}
                  </button>
                  <div className="muted small">{targetOf(cmd)}</div>
                </td>
                <td>
                  <Badge status={cmd.state.name}>{stateBadge(cmd.state)}</Badge>
                  {stateDetail(cmd.state) ? (
                    <div className="muted small" data-testid="command-state-detail">
                      {stateDetail(cmd.state)}
                    </div>
                  ) : null}
                </td>
                <td className="num">
                  {cmd.attempts}/{cmd.maxAttempts}
                </td>
                <td
                  className={cmd.state.errorIsFinal ? "error-cell" : "muted small"}
                  title={cmd.lastError ?? undefined}
                >
                  {cmd.lastError ? (
                    cmd.state.errorIsFinal ? (
                      cmd.lastError
                    ) : (
                      `last attempt: ${cmd.lastError}`
                    )
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td className="actions">
                  {cmd.state.canRetry ? (
                    <button
                      type="button"
                      className="btn btn-small btn-primary"
                      disabled={retrying.has(cmd.id)}
                      onClick={() => void retry(cmd)}
                    >
                      {retrying.has(cmd.id) ? "Retrying…" : "Retry"}
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager pages={pages} nextCursor={list.data?.nextCursor} count={items.length} />
      {openId ? (
        <CommandDrawer
          id={openId}
          agentName={(id) => names.get(id)}
          onClose={() => setQuery({ command: null })}
          onRetry={retry}
        />
      ) : null}
    </div>
  );
}
