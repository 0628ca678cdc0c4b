import { useEffect, useRef } from "react";
import type { StatsDto } from "../../../src/api/contracts.ts";
import { AvailabilityChart } from "../components/charts/availability-chart.tsx";
import { LatencyChart } from "../components/charts/latency-chart.tsx";
import { VolumeChart } from "../components/charts/volume-chart.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { Segmented } from "../components/segmented.tsx";
import { ErrorState, Loading } from "../components/state-views.tsx";
import { api } from "../lib/api.ts";
import { formatFull } from "../lib/format.ts";
import { useLive } from "../lib/live.ts";
import { setQuery, useLocation } from "../lib/router.tsx";
import { RANGES, statsModel } from "../lib/stats-model.ts";
import { useResource } from "../lib/use-resource.ts";

const REFRESH_MS = 10_000;

/** Live counts and the hub's history: availability by state per hour, volume per hour, latency percentiles. */
export function StatsPage() {
  const { query } = useLocation();
  const hours = RANGES.find((r) => String(r.hours) === query.get("hours"))?.hours ?? RANGES[0].hours;
  const stats = useResource(`stats:${hours}`, () => api.get<StatsDto>("/api/stats", { hours }));
  const last = useRef(0);
  const refresh = () => {
    if (Date.now() - last.current < REFRESH_MS) return;
    last.current = Date.now();
    stats.reload();
  };
  const latestRefresh = useRef(refresh);
  latestRefresh.current = refresh;
  useLive(["agent.updated", "command.updated", "conversation.updated"], refresh);
  // The current hour moves on even when nothing is announced.
  useEffect(() => {
    const timer = setInterval(() => latestRefresh.current(), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);

  if (stats.error) return <ErrorState error={stats.error} feature="Stats" onRetry={stats.reload} />;
  if (!stats.data) return <Loading label="Collecting stats…" />;
  const m = statsModel(stats.data);
  const range = `${formatFull(stats.data.from)} to now`;
  return (
    <div>
      <PageHeader title="Stats" subtitle="Live counts, and the hub's stored history per hour." />
      <div className="toolbar">
        <Segmented
          label="Range"
          value={String(hours)}
          options={RANGES.map((r) => ({ value: String(r.hours), label: r.label }))}
          onChange={(v) => setQuery({ hours: v === String(RANGES[0].hours) ? null : v })}
        />
        <span className="muted small">{range}</span>
      </div>
      <div className="tiles compact">
        {m.live.map((l) => (
          <div key={l.label} className="tile static">
            <span className="tile-value">{l.value}</span>
            <span className="tile-label">{l.label}</span>
          </div>
        ))}
      </div>
      <div className="chart-grid">
        <section className="card chart-card wide">
          <h3>Availability by state</h3>
          <AvailabilityChart points={m.availability} />
          <p className="muted small">
            Average number of agents in each state per hour (the current hour so far), replayed from every agent's
            availability history.
          </p>
        </section>
        <section className="card chart-card">
          <h3>Volume per hour</h3>
          <VolumeChart points={m.volume} keys={m.volumeKeys} />
          <p className="muted small">Chats and calls started per hour.</p>
        </section>
        <section className="card chart-card">
          <h3>Sync latency</h3>
          <LatencyChart rows={m.latency.commands} empty="No platform write completed in this range." />
          <p className="muted small">Platform writes from decision to confirmation, retries included.</p>
          <h3>Webhook processing</h3>
          <LatencyChart rows={m.latency.webhooks} empty="No webhook processed in this range." />
          <p className="muted small">From the hub storing a webhook to its processing.</p>
        </section>
      </div>
    </div>
  );
}
