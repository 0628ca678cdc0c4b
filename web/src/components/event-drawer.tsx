import type { WebhookEventSummary } from "../../../src/api/contracts.ts";
import { api } from "../lib/api.ts";
import { formatBytes, formatFull, platformLabel } from "../lib/format.ts";
import { useLive } from "../lib/live.ts";
import { useResource } from "../lib/use-resource.ts";
import { Badge } from "./badge.tsx";
import { Drawer } from "./drawer.tsx";
import { JsonView } from "./json-view.tsx";
import { ErrorState, Loading } from "./state-views.tsx";

type EventDetail = WebhookEventSummary & {
  headers: Record<string, string>;
  body: unknown;
  domainEvent: unknown;
  errorDetails: unknown;
};

/** One webhook as received (headers and body) next to what Switchboard made of it. */
export function EventDrawer({
  id,
  onClose,
  onReplay,
}: {
  id: string;
  onClose: () => void;
  onReplay: (id: string) => Promise<void>;
}) {
  const event = useResource(`event:${id}`, () => api.get<EventDetail>(`/api/webhook-events/${encodeURIComponent(id)}`));
  useLive(["webhook.received"], (signal) => {
    if (signal.type === "poll" || signal.id === id) event.reload();
  });
  const e = event.data;
  return (
    <Drawer title={e?.eventType ?? "Webhook event"} subtitle={<span className="mono">{id}</span>} onClose={onClose}>
      {event.error ? (
        <ErrorState error={event.error} feature="The webhook event" />
      ) : !e ? (
        <Loading />
      ) : (
        <>
          <section className="drawer-section">
            <div className="row-gap">
              <Badge status={e.status} />
              <span>
                {platformLabel(e.platform)} · {formatBytes(e.bodyBytes)} · {e.attempts} processing attempt(s)
              </span>
              <button
                type="button"
                className="btn btn-small"
                disabled={e.status === "rejected"}
                onClick={() => void onReplay(e.id).then(event.reload)}
              >
                Replay
              </button>
            </div>
            {e.reason ? <div className="inline-error">Rejected: {e.reason}</div> : null}
            <dl className="key-values">
              <div>
                <dt>Received</dt>
                <dd>{formatFull(e.receivedAt)}</dd>
              </div>
              <div>
                <dt>Processed</dt>
                <dd>{formatFull(e.processedAt)}</dd>
              </div>
              <div>
                <dt>Outcome</dt>
                <dd>
                  {e.outcome?.kind === "event"
                    ? `became ${e.outcome.type}`
                    : e.outcome?.kind === "ignored"
                      ? `ignored: ${e.outcome.reason}`
                      : e.status === "rejected"
                        ? "rejected before processing"
                        : e.status === "failed"
                          ? "could not be read (see the processing error)"
                          : "not processed yet"}
                </dd>
              </div>
              <div>
                <dt>Dedupe key</dt>
                <dd className="mono small">{e.dedupeKey ?? "—"}</dd>
              </div>
              <div>
                <dt>Connection</dt>
                <dd className="mono small">{e.connectionId}</dd>
              </div>
            </dl>
          </section>
          {e.errorDetails ? (
            <section className="drawer-section">
              <JsonView label="Processing error" value={e.errorDetails} />
            </section>
          ) : null}
          <section className="drawer-section">
            <JsonView
              label="Normalised event"
              value={e.outcome?.kind === "event" ? e.domainEvent : (e.outcome?.reason ?? "none")}
            />
          </section>
          <section className="drawer-section">
            <JsonView label="Body as received" value={e.body} />
          </section>
          <section className="drawer-section">
            <JsonView label="Headers" value={e.headers} />
          </section>
        </>
      )}
    </Drawer>
  );
}
