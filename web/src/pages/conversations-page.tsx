import { Badge } from "../components/badge.tsx";
import { ChatIcon, PhoneIcon } from "../components/icons.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { Pager } from "../components/pager.tsx";
import { PlatformSelect } from "../components/platform-select.tsx";
import { EmptyState, ErrorState, Loading } from "../components/state-views.tsx";
import { getParsed } from "../lib/api.ts";
import { conversationDuration } from "../lib/conversation-view.ts";
import { formatAgo, formatDuration, formatFull, formatTime, platformLabel } from "../lib/format.ts";
import { useLive } from "../lib/live.ts";
import { Link, navigate, setQuery, useLocation } from "../lib/router.tsx";
import { type Conversation, conversationSchema, customerName, pageOf } from "../lib/types.ts";
import { useAgentNames } from "../lib/use-agent-names.ts";
import { useCursorPages } from "../lib/use-cursor.ts";
import { useResource } from "../lib/use-resource.ts";

const FILTERS = ["channel", "platform", "agentId", "customerId", "status", "from", "to"] as const;

/** `2026-11-21` from a date input → the start (or end) of that local day, as the API's ISO time range. */
function dayBound(value: string, end: boolean): string | undefined {
  if (!value) return undefined;
  const date = new Date(`${value}T${end ? "23:59:59.999" : "00:00:00"}`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** Under the customer's name: the call's direction and number, or the chat customer's email. */
function subtitleOf(c: Conversation): string {
  if (c.channel === "call")
    return [c.call?.direction, c.call?.direction === "Outbound" ? c.call?.to : c.call?.from]
      .filter(Boolean)
      .join(" · ");
  return c.customer?.email ?? c.customer?.phone ?? "";
}

/** Chats and calls from every platform, filtered and paged. */
export function ConversationsPage() {
  const { query } = useLocation();
  const filters = Object.fromEntries(FILTERS.map((f) => [f, query.get(f) ?? ""])) as Record<
    (typeof FILTERS)[number],
    string
  >;
  const scope = JSON.stringify(filters);
  const pages = useCursorPages(scope);
  const names = useAgentNames();
  const list = useResource(`conversations:${scope}:${pages.cursor ?? ""}`, () =>
    getParsed(pageOf(conversationSchema), "/api/conversations", {
      ...filters,
      from: dayBound(filters.from, false),
      to: dayBound(filters.to, true),
      cursor: pages.cursor,
      limit: 50,
    }),
  );
  useLive(["conversation.updated"], () => {
    if (pages.page === 1) list.reload();
  });

  const items = list.data?.items ?? [];
  const anyFilter = FILTERS.some((f) => filters[f]);
  return (
    <div>
      <PageHeader
        title="Conversations"
        subtitle="Chats and calls from LiveChat, Chatwoot and RingCentral, newest first."
      />
      <div className="toolbar filters">
        <select value={filters.channel} onChange={(e) => setQuery({ channel: e.target.value })} aria-label="Channel">
          <option value="">Chats and calls</option>
          <option value="chat">Chats</option>
          <option value="call">Calls</option>
        </select>
        <PlatformSelect value={filters.platform} onChange={(p) => setQuery({ platform: p ?? "" })} />
        <select value={filters.agentId} onChange={(e) => setQuery({ agentId: e.target.value })} aria-label="Agent">
          <option value="">All agents</option>
          {[...names.entries()].map(([id, name]) => (
            <option key={id} value={id}>
              {name}
            </option>
          ))}
        </select>
        {/* Status words come from the conversation records ("active" while open, "ended" after): UNCONFIRMED. */}
        <select value={filters.status} onChange={(e) => setQuery({ status: e.target.value })} aria-label="Status">
          <option value="">Any status</option>
          <option value="active">Active</option>
          <option value="ended">Ended</option>
        </select>
        <label className="inline-field">
          From <input type="date" value={filters.from} onChange={(e) => setQuery({ from: e.target.value })} />
        </label>
        <label className="inline-field">
          To <input type="date" value={filters.to} onChange={(e) => setQuery({ to: e.target.value })} />
        </label>
        {filters.customerId ? (
          <button type="button" className="btn btn-ghost" onClick={() => setQuery({ customerId: null })}>
            One customer only · clear
          </button>
        ) : null}
        {anyFilter ? (
          <button type="button" className="btn btn-ghost" onClick={() => navigate("/conversations", { replace: true })}>
            Clear filters
          </button>
        ) : null}
      </div>
      {list.error ? (
        <ErrorState error={list.error} feature="Conversations" onRetry={list.reload} />
      ) : !list.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <EmptyState title={anyFilter ? "No conversation matches these filters" : "No conversations yet"}>
          {anyFilter
            ? "Widen the time range or clear a filter."
            : "Chats and calls appear here as the platforms report them."}
        </EmptyState>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>Started</th>
              <th>Channel</th>
              <th>Customer</th>
              <th>Agent</th>
              <th>Status</th>
              <th className="num">Duration</th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr
                key={c.id}
                data-testid="conversation-row"
                className="clickable"
                onClick={() => navigate(`/conversations/${encodeURIComponent(c.id)}`)}
              >
                <td title={formatFull(c.startedAt)}>
                  <Link to={`/conversations/${encodeURIComponent(c.id)}`} onClick={(e) => e.stopPropagation()}>
                    {formatTime(c.startedAt ?? null)}
                  </Link>
                  <div className="muted small">{formatAgo(c.startedAt ?? null)}</div>
                </td>
                <td>
                  <span className="channel">
                    {c.channel === "call" ? <PhoneIcon /> : <ChatIcon />} {platformLabel(c.platform)}
                  </span>
                </td>
                <td>
                  {customerName({ ...(c.customer ?? {}), id: c.customerId })}
                  <div className="muted small">{subtitleOf(c)}</div>
                </td>
                <td>
                  {c.agentName ??
                    (c.agentId ? (names.get(c.agentId) ?? c.agentId) : <span className="muted">unassigned</span>)}
                </td>
                <td>
                  <Badge status={c.status} />
                </td>
                <td className="num">{formatDuration(conversationDuration(c))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager pages={pages} nextCursor={list.data?.nextCursor} count={items.length} />
    </div>
  );
}
