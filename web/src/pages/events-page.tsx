import { useState } from "react";
import type { WebhookEventSummary } from "../../../src/api/contracts.ts";
import { Badge } from "../components/badge.tsx";
import { EventDrawer } from "../components/event-drawer.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { Pager } from "../components/pager.tsx";
import { PlatformSelect } from "../components/platform-select.tsx";
import { Segmented } from "../components/segmented.tsx";
import { EmptyState, ErrorState, InlineError, Loading } from "../components/state-views.tsx";
import { api } from "../lib/api.ts";
import { formatAgo, formatBytes, formatFull, formatTime, humanize, platformLabel } from "../lib/format.ts";
import { useLive } from "../lib/live.ts";
import { setQuery, useLocation } from "../lib/router.tsx";
import type { Page } from "../lib/types.ts";
import { useCursorPages } from "../lib/use-cursor.ts";
import { useResource } from "../lib/use-resource.ts";

const STATUSES = ["received", "processed", "failed", "rejected"] as const;

/** What the hub made of a webhook, apart from its name: the domain event, ignored with why, or why it was refused. */
function Outcome({ event }: { event: WebhookEventSummary }) {
  if (event.status === "rejected")
    return <span className="small tone-text-red">{event.reason ?? "failed verification"}</span>;
  const o = event.outcome;
  if (!o)
    return <span className="muted small">{event.status === "failed" ? "could not be read" : "not processed yet"}</span>;
  if (o.kind === "event") return <span className="mono small">{o.type}</span>;
  return (
    <span className="outcome-ignored">
      <span className="badge tone-slate">ignored</span> <span className="muted small">{o.reason}</span>
    </span>
  );
}

/** Every webhook the hub received, verified or not, with what it became; any verified one can be replayed. */
export function EventsPage() {
  const { query } = useLocation();
  const status = query.get("status") ?? "";
  const platform = query.get("platform") ?? "";
  const openId = query.get("event");
  const pages = useCursorPages(`${status}|${platform}`);
  const list = useResource(`events:${status}:${platform}:${pages.cursor ?? ""}`, () =>
    api.get<Page<WebhookEventSummary>>("/api/webhook-events", { status, platform, cursor: pages.cursor, limit: 50 }),
  );
  const [replayed, setReplayed] = useState<Set<string>>(new Set());
  const [actionError, setActionError] = useState<unknown>(null);

  useLive(["webhook.received"], () => {
    if (pages.page === 1) list.reload();
  });

  const replay = async (id: string) => {
    setActionError(null);
    try {
      await api.post(`/api/webhook-events/${id}/replay`);
      setReplayed((s) => new Set(s).add(id));
      list.reload();
    } catch (caught) {
      setActionError(caught);
    }
  };

  const items = list.data?.items ?? [];
  return (
    <div>
      <PageHeader
        title="Webhook events"
        subtitle="Everything the platforms sent, stored before it was acknowledged. Rejected ones failed verification and never reached processing."
      />
      <div className="toolbar">
        <Segmented
          label="Status"
          value={status}
          options={["", ...STATUSES].map((s) => ({ value: s, label: s ? humanize(s) : "All" }))}
          onChange={(s) => setQuery({ status: s || null })}
        />
        <PlatformSelect value={platform} onChange={(p) => setQuery({ platform: p })} />
      </div>
      <InlineError error={actionError} />
      {list.error ? (
        <ErrorState error={list.error} feature="Webhook events" onRetry={list.reload} />
      ) : !list.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <EmptyState title="No webhook events">
          Events arrive once a connection is connected and the platform sends something. Each connection's webhook URL
          is on the Connections page.
        </EmptyState>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>Received</th>
              <th>Platform</th>
              <th>Event</th>
              <th>Status</th>
              <th>Outcome</th>
              <th>Dedupe key</th>
              <th className="num">Size</th>
              <th className="num">Tries</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr key={e.id} data-testid="event-row" data-id={e.id} data-status={e.status}>
                <td title={formatFull(e.receivedAt)}>
                  {formatTime(e.receivedAt)}
                  <div className="muted small">{formatAgo(e.receivedAt)}</div>
                </td>
                <td>{platformLabel(e.platform)}</td>
                <td>
                  <button type="button" className="link-button" onClick={() => setQuery({ event: e.id })}>
                    {e.eventType ?? "unnamed event"}
                  </button>
                </td>
                <td>
                  <Badge status={e.status} />
                  {replayed.has(e.id) ? <div className="muted small">replay queued</div> : null}
                </td>
                <td data-testid="event-outcome">
                  <Outcome event={e} />
                </td>
                <td className="mono small ellipsis" title={e.dedupeKey ?? undefined}>
                  {e.dedupeKey ?? "—"}
                </td>
                <td className="num">{formatBytes(e.bodyBytes)}</td>
                <td className="num">{e.attempts}</td>
                <td className="actions">
                  <button
                    type="button"
                    className="btn btn-small"
                    disabled={e.status === "rejected"}
                    title={
                      e.status === "rejected"
                        ? "A rejected webhook was never verified, so it cannot be replayed"
                        : "Process this webhook again"
                    }
                    onClick={() => void replay(e.id)}
                  >
                    Replay
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager pages={pages} nextCursor={list.data?.nextCursor} count={items.length} />
      {openId ? <EventDrawer id={openId} onClose={() => setQuery({ event: null })} onReplay={replay} /> : null}
    </div>
  );
}
