import type { AvailabilityPoint } from "../../lib/stats-model.ts";
import { STATE_COLORS } from "../../lib/tones.ts";
import { Legend } from "./legend.tsx";
import { clock, clockSeconds, linear, niceMax, ticks } from "./scale.ts";

const W = 960;
const H = 220;
const PAD = { left: 36, right: 12, top: 10, bottom: 24 };

/**
 * Agents per state over time as stacked steps: each point is an hour's average, held until the next hour, so
 * steps (not slopes) are the honest drawing.
 */
export function AvailabilityChart({ points, now = Date.now() }: { points: AvailabilityPoint[]; now?: number }) {
  if (points.length === 0) return <p className="muted">No history in this range.</p>;
  const first = points[0]?.at ?? now;
  // Under 20 seconds of history is not a time series yet: show the current split instead of a flat band.
  if (now - first < 20_000) return <CurrentSplit counts={points.at(-1)?.counts ?? {}} />;
  const last = Math.max(now, (points.at(-1)?.at ?? now) + 1000);
  const total = Math.max(...points.map((p) => Object.values(p.counts).reduce((a, b) => a + b, 0)));
  const yMax = niceMax(Math.max(1, total));
  const x = linear([first, last], [PAD.left, W - PAD.right]);
  const y = linear([0, yMax], [H - PAD.bottom, PAD.top]);
  const latest = points.at(-1)?.counts ?? {};
  const rects = points.flatMap((p, i) => {
    const x0 = x(p.at);
    const x1 = x(points[i + 1]?.at ?? last);
    let base = 0;
    return STATE_COLORS.map((s) => {
      const n = p.counts[s.key] ?? 0;
      const rect =
        n > 0 ? (
          <rect
            key={`${p.at}:${s.key}`}
            x={x0}
            width={Math.max(0.5, x1 - x0)}
            y={y(base + n)}
            height={y(base) - y(base + n)}
            fill={s.color}
          />
        ) : null;
      base += n;
      return rect;
    });
  });
  const xTicks = [first, first + (last - first) / 2, last];
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Agents by availability state over time">
        {ticks(yMax).map((t) => (
          <g key={t}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} className="grid" />
            <text x={PAD.left - 6} y={y(t) + 4} className="axis" textAnchor="end">
              {t}
            </text>
          </g>
        ))}
        {rects}
        {xTicks.map((t, i) => (
          <text key={t} x={x(t)} y={H - 6} className="axis" textAnchor={i === 0 ? "start" : i === 2 ? "end" : "middle"}>
            {last - first < 3_600_000 ? clockSeconds(t) : clock(t)}
          </text>
        ))}
      </svg>
      <Legend items={STATE_COLORS.map((s) => ({ label: s.label, color: s.color, value: latest[s.key] ?? 0 }))} />
    </figure>
  );
}

function CurrentSplit({ counts }: { counts: Record<string, number> }) {
  const total = STATE_COLORS.reduce((sum, s) => sum + (counts[s.key] ?? 0), 0);
  return (
    <figure className="chart">
      <div className="split-bar" role="img" aria-label="Agents by state now">
        {STATE_COLORS.filter((s) => (counts[s.key] ?? 0) > 0).map((s) => (
          <span
            key={s.key}
            style={{
              flexGrow: counts[s.key] ?? 0,
              background: s.color,
              color: s.key === "offline" ? "#334155" : "#fff",
            }}
            title={`${s.label}: ${counts[s.key]}`}
          >
            {counts[s.key]}
          </span>
        ))}
      </div>
      <Legend items={STATE_COLORS.map((s) => ({ label: s.label, color: s.color, value: counts[s.key] ?? 0 }))} />
      <p className="muted small">{total} agents in the latest hour.</p>
    </figure>
  );
}
