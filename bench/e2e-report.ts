import type { ConsistencyResult } from "./e2e-consistency.ts";
import { type KindLatency, type LatencyResult, percentile } from "./e2e-latency.ts";

const ms = (n: number) => (Number.isNaN(n) ? "   -" : `${Math.round(n)}`.padStart(5));

function row(k: KindLatency): string {
  const other = Object.entries(k.other)
    .map(([s, n]) => `${n} ${s}`)
    .join(", ");
  return `  ${k.kind.padEnd(32)} ${String(k.count).padStart(6)}  p50 ${ms(k.p50)} ms  p99 ${ms(k.p99)} ms  max ${ms(k.max)} ms${other ? `  (${other})` : ""}`;
}

/** Prints the latency table; returns true when the floor was missed. */
export function printLatency(r: LatencyResult, floorP99Ms: number): boolean {
  console.log(
    `\n(a) latency — ${r.eventsPerSecond} events/s asked for ${r.seconds.toFixed(1)} s; ${r.webhooks} webhooks ingested (${(r.webhooks / r.seconds).toFixed(0)}/s); driver: ${r.play.done} actions done, ${r.play.skipped} refused/skipped, ${r.play.failed} failed, max lag ${Math.round(r.play.maxLagMs)} ms`,
  );
  console.log("  webhook received → command completed (commands caused by a webhook)");
  console.log(row(r.availability));
  for (const k of r.byKind) console.log(row(k));
  console.log("  where the time goes (availability commands that succeeded):");
  for (const s of r.stages) console.log(`    ${s.stage.padEnd(38)} p50 ${ms(s.p50)} ms  p99 ${ms(s.p99)} ms`);
  const missed = !(r.availability.p99 <= floorP99Ms) || r.availability.count === 0;
  console.log(
    `  floor: availability p99 ≤ ${floorP99Ms} ms (set for 100 events/s; this run ${r.eventsPerSecond}/s) → ${missed ? "MISSED" : "met"} (${ms(r.availability.p99).trim()} ms)`,
  );
  return missed;
}

/** Prints the consistency figures; returns true when a floor was missed. */
export function printConsistency(
  r: ConsistencyResult,
  o: { periodSeconds: number; faultPercent: number; minutes: number; speed: number; floorPct: number },
): boolean {
  const periodMs = o.periodSeconds * 1000;
  const sorted = [...r.divergences].sort((a, b) => b.durationMs - a.durationMs);
  const longest = sorted[0];
  const over = sorted.filter((d) => d.durationMs > periodMs);
  console.log(
    `\n(b) consistency — ${o.minutes} simulated minutes at ${o.speed}× (${r.seconds.toFixed(0)} s real), webhooks ${o.faultPercent} % dropped + ${o.faultPercent} % duplicated on all three sandboxes`,
  );
  console.log(
    `  ${r.actions} scripted actions: ${r.play.done} done, ${r.play.skipped} refused/skipped, ${r.play.failed} failed; ${r.samples} samples of ${r.pairs} agent × platform pairs`,
  );
  console.log(`  time-weighted consistency  ${r.consistentPct.toFixed(2)} %`);
  console.log(
    `  divergences                ${r.divergences.length} (longest ${longest ? (longest.durationMs / 1000).toFixed(1) : "0"} s; reconciliation period ${o.periodSeconds} s; ${over.length} longer than the period, ${r.divergences.filter((d) => d.open).length} still open at the end)`,
  );
  const within = (limitMs: number) => sorted.filter((d) => d.durationMs <= limitMs).length;
  console.log(
    `  divergence durations       ≤ 1 s: ${within(1000)}, ≤ ${o.periodSeconds} s: ${within(periodMs)}, longer: ${over.length}; median ${(
      percentile(
        [...sorted].reverse().map((d) => d.durationMs),
        50,
      ) / 1000
    ).toFixed(1)} s`,
  );
  for (const d of sorted.slice(0, 8))
    console.log(
      `    ${(d.durationMs / 1000).toFixed(1).padStart(6)} s  ${d.agent.padEnd(18)} ${d.platform.padEnd(12)} at ${(d.startMs / 1000).toFixed(1)} s  desired ${d.desired}  actual ${d.actual}${d.open ? "  (open)" : ""}`,
    );
  const missedPct = !(r.consistentPct >= o.floorPct);
  const missedRepair = over.length > 0;
  console.log(
    `  floor: consistency ≥ ${o.floorPct} % → ${missedPct ? "MISSED" : "met"}; every divergence repaired within ${o.periodSeconds} s → ${missedRepair ? "MISSED" : "met"}`,
  );
  return missedPct || missedRepair;
}
