import { platformLabel } from "../../lib/format.ts";
import type { VolumePoint } from "../../lib/stats-model.ts";
import { Legend } from "./legend.tsx";
import { clock, linear, niceMax, PALETTE, ticks } from "./scale.ts";

const W = 480;
const H = 220;
const PAD = { left: 36, right: 12, top: 10, bottom: 24 };

const label = (key: string) => platformLabel(key).replace(/^./, (c) => c.toUpperCase());

/** Volume per hour as stacked bars, one colour per series (chats, calls, or a platform). */
export function VolumeChart({ points, keys }: { points: VolumePoint[]; keys: string[] }) {
  if (points.length === 0 || keys.length === 0) return <p className="muted">No volume recorded in this period.</p>;
  const totals = points.map((p) => keys.reduce((sum, k) => sum + (p.values[k] ?? 0), 0));
  const yMax = niceMax(Math.max(1, ...totals));
  const band = (W - PAD.left - PAD.right) / points.length;
  const y = linear([0, yMax], [H - PAD.bottom, PAD.top]);
  const labelEvery = Math.max(1, Math.ceil(points.length / 8));
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Volume per hour">
        {ticks(yMax).map((t) => (
          <g key={t}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} className="grid" />
            <text x={PAD.left - 6} y={y(t) + 4} className="axis" textAnchor="end">
              {t}
            </text>
          </g>
        ))}
        {points.map((p, i) => {
          let base = 0;
          const x0 = PAD.left + i * band + band * 0.15;
          return (
            <g key={p.at}>
              <title>{`${clock(p.at)}: ${keys.map((k) => `${label(k)} ${p.values[k] ?? 0}`).join(", ")}`}</title>
              {keys.map((k, j) => {
                const n = p.values[k] ?? 0;
                const rect =
                  n > 0 ? (
                    <rect
                      key={k}
                      x={x0}
                      width={band * 0.7}
                      y={y(base + n)}
                      height={y(base) - y(base + n)}
                      fill={PALETTE[j % PALETTE.length]}
                      rx={1.5}
                    />
                  ) : null;
                base += n;
                return rect;
              })}
              {i % labelEvery === 0 ? (
                <text x={x0 + band * 0.35} y={H - 6} className="axis" textAnchor="middle">
                  {clock(p.at)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <Legend
        items={keys.map((k, j) => ({
          label: label(k),
          color: PALETTE[j % PALETTE.length] ?? "#64748b",
          value: points.reduce((s, p) => s + (p.values[k] ?? 0), 0),
        }))}
      />
    </figure>
  );
}
