import { useEffect, useRef } from "react";
import type { AgentSummaryDto, WebhookEventSummary } from "../../../src/api/contracts.ts";
import { AvailabilityChart } from "../components/charts/availability-chart.tsx";
import { LatencyChart } from "../components/charts/latency-chart.tsx";
import { VolumeChart } from "../components/charts/volume-chart.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { ErrorState, Loading } from "../components/state-views.tsx";
import { summarize } from "../lib/agent-view.ts";
import { ApiError, api, getParsed } from "../lib/api.ts";
import { humanize } from "../lib/format.ts";
import { useLive } from "../lib/live.ts";
import { latencyFromCommands, perHour, sampleAvailability } from "../lib/stats-fallback.ts";
import { readStats, type StatsModel } from "../lib/stats-model.ts";
import { type CommandDto, conversationSchema, type Page, pageOf } from "../lib/types.ts";
import { useResource } from "../lib/use-resource.ts";

type Sourced<T> = { value: T; source: string };
type Model = {
  hubStats: "present" | "missing";
  live: StatsModel["live"];
  availability: Sourced<StatsModel["availability"]>;
  volume: Sourced<{ points: StatsModel["volume"]; keys: string[] }>;
  latency: Sourced<StatsModel["latency"]>;
};

const REFRESH_MS = 10_000;
const SAMPLE = 200;

async function optional<T>(load: () => Promise<T>): Promise<T | null> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof ApiError && (error.routeMissing || error.status === 403)) return null;
    throw error;
  }
}

/** Reads the hub's stats and fills any part it lacks from the APIs every hub has, saying which is which. */
async function loadModel(): Promise<Model> {
  const raw = await optional(() => api.get<unknown>("/api/stats"));
  const hub = readStats(raw);
  const agents = await api.get<{ items: AgentSummaryDto[] }>("/api/agents");
  const summary = summarize(agents.items);
  const live =
    hub.live.length > 0
      ? hub.live.map((l) => ({
          label: humanize(l.label.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase()),
          value: l.value,
        }))
      : [
          { label: "agents", value: summary.total },
          { label: "available", value: summary.available ?? 0 },
          { label: "on call", value: summary.on_call ?? 0 },
          { label: "active calls", value: summary.calls },
          { label: "active chats", value: summary.chats },
          { label: "drifting", value: summary.drifting },
        ];
  const samples = sampleAvailability(agents.items);
  const availability =
    hub.availability.length > 0
      ? { value: hub.availability, source: "Hourly, from the hub." }
      : {
          value: samples,
          source: "Sampled by this browser since the dashboard was opened (the hub reports no history).",
        };

  let volume: Model["volume"] = {
    value: { points: hub.volume, keys: hub.volumeKeys },
    source: "Per hour, from the hub.",
  };
  if (hub.volume.length === 0) {
    const conversations = await optional(() =>
      getParsed(pageOf(conversationSchema), "/api/conversations", { limit: SAMPLE }),
    );
    if (conversations) {
      const { volume: points, keys } = perHour(
        conversations.items.map((c) => ({ at: String(c.startedAt ?? ""), key: `${c.channel || "other"}s` })),
        24,
      );
      volume = {
        value: { points, keys },
        source: `Chats and calls per hour over the last 24 h, from the latest ${SAMPLE} conversations.`,
      };
    } else {
      const events = await optional(() => api.get<Page<WebhookEventSummary>>("/api/webhook-events", { limit: SAMPLE }));
      const { volume: points, keys } = perHour(
        (events?.items ?? []).map((e) => ({ at: e.receivedAt, key: e.platform })),
        24,
      );
      volume = {
        value: { points, keys },
        source: `Webhooks received per hour by platform, from the latest ${SAMPLE} (the hub reports no conversation volume).`,
      };
    }
  }

  let latency: Model["latency"] = { value: hub.latency, source: "From the hub." };
  if (hub.latency.length === 0) {
    const commands = await optional(() =>
      api.get<Page<CommandDto>>("/api/commands", { status: "succeeded", limit: SAMPLE }),
    );
    latency = {
      value: latencyFromCommands(commands?.items ?? []),
      source: commands
        ? `Created → completed, over the latest ${SAMPLE} succeeded commands.`
        : "Your role cannot read the sync log.",
    };
  }
  return { hubStats: raw === null ? "missing" : "present", live, availability, volume, latency };
}

/** Live counts and charts: availability by state over time, volume per hour, sync latency percentiles. */
export function StatsPage() {
  const model = useResource("stats", loadModel);
  const last = useRef(0);
  const refresh = () => {
    if (Date.now() - last.current < REFRESH_MS) return;
    last.current = Date.now();
    model.reload();
  };
  const latestRefresh = useRef(refresh);
  latestRefresh.current = refresh;
  useLive(["agent.updated", "command.updated", "conversation.updated"], refresh);
  // Hourly series and samples move on even when nothing is announced.
  useEffect(() => {
    const timer = setInterval(() => latestRefresh.current(), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);

  if (model.error) return <ErrorState error={model.error} feature="Stats" onRetry={model.reload} />;
  const m = model.data;
  if (!m) return <Loading label="Collecting stats…" />;
  return (
    <div>
      <PageHeader
        title="Stats"
        subtitle={
          m.hubStats === "missing"
            ? "This hub has no /api/stats yet: the charts below are worked out in the browser from the agents, commands and events APIs."
            : "Live counts and hourly series from the hub."
        }
      />
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
          <AvailabilityChart points={m.availability.value} />
          <p className="muted small">{m.availability.source}</p>
        </section>
        <section className="card chart-card">
          <h3>Volume per hour</h3>
          <VolumeChart points={m.volume.value.points} keys={m.volume.value.keys} />
          <p className="muted small">{m.volume.source}</p>
        </section>
        <section className="card chart-card">
          <h3>Sync latency</h3>
          <LatencyChart rows={m.latency.value} />
          <p className="muted small">{m.latency.source}</p>
        </section>
      </div>
    </div>
  );
}
