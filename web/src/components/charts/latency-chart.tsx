import { formatMs } from "../../lib/format.ts";
import type { LatencyRow } from "../../lib/stats-model.ts";
import { Legend } from "./legend.tsx";
import { linear, niceMax } from "./scale.ts";

const W = 480;
const ROW = 46;
const PAD = { left: 110, right: 70, top: 8 };
const MARKS = [
  { key: "p50", color: "#93c5fd" },
  { key: "p90", color: "#60a5fa" },
  { key: "p95", color: "#2563eb" },
  { key: "p99", color: "#1e3a8a" },
] as const;

/** Sync latency percentiles per platform: one bar per percentile, so a long tail stands out next to the median. */
export function LatencyChart({ rows, empty }: { rows: LatencyRow[]; empty: string }) {
  if (rows.length === 0) return <p className="muted">{empty}</p>;
  const max = niceMax(Math.max(1, ...rows.map((r) => r.p99)));
  const x = linear([0, max], [PAD.left, W - PAD.right]);
  const H = PAD.top + rows.length * ROW;
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Sync latency percentiles">
        {rows.map((r, i) => {
          const top = PAD.top + i * ROW;
          return (
            <g key={r.label}>
              <text x={PAD.left - 8} y={top + 20} className="axis-label" textAnchor="end">
                {r.label}
              </text>
              <text x={PAD.left - 8} y={top + 34} className="axis" textAnchor="end">
                {r.count} {r.unit}
              </text>
              {MARKS.map((m, j) => (
                <g key={m.key}>
                  <rect
                    x={PAD.left}
                    y={top + 4 + j * 9}
                    width={Math.max(1, x(r[m.key]) - PAD.left)}
                    height={7}
                    fill={m.color}
                    rx={1}
                  />
                  {j === 3 || j === 0 ? (
                    <text x={x(r[m.key]) + 4} y={top + 11 + j * 9} className="axis">
                      {m.key} {formatMs(r[m.key])}
                    </text>
                  ) : null}
                </g>
              ))}
            </g>
          );
        })}
      </svg>
      <Legend items={MARKS.map((m) => ({ label: m.key, color: m.color }))} />
    </figure>
  );
}
