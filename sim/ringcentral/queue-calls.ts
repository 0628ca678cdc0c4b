import type { AdminState } from "./admin-state.ts";
import type { CallLogEntry } from "./call-model.ts";
import { callLogId } from "./ids.ts";
import type { DirectoryState } from "./state.ts";

/** Outcomes of a queue call: answered by a member, missed (to voicemail), or abandoned by the caller. */
export type QueueCallSpec = {
  count: number;
  /** Start times spread over [from, to] (ms). */
  fromMs: number;
  toMs: number;
  /** Only these queues (default: all). */
  queueIds?: string[];
  /** Deterministic output for tests. */
  seed: number;
  availableAt: number;
};

/** A small deterministic PRNG (mulberry32): same seed, same call log. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Company call-log records of inbound queue calls, as the account's call log shows them: the record's `to` is the
 * queue; `view=Detailed` adds the member's `Accept` leg (its start = when the member answered, its duration = the
 * talk time). Used by the scripted day and the benchmarks so analytics have data.
 */
export function generateQueueCalls(dir: DirectoryState, admin: AdminState, spec: QueueCallSpec): CallLogEntry[] {
  const next = random(spec.seed);
  const queues = [...admin.queues.values()].filter(
    (q) => q.members.length > 0 && (!spec.queueIds || spec.queueIds.includes(q.id)),
  );
  if (queues.length === 0) return [];
  const entries: CallLogEntry[] = [];
  const span = Math.max(1, spec.toMs - spec.fromMs);
  for (let i = 0; i < spec.count; i++) {
    const queue = queues[Math.floor(next() * queues.length)] ?? queues[0];
    if (!queue) break;
    const startMs = spec.fromMs + Math.floor(next() * span);
    const waitSec = 2 + Math.floor(next() * 60);
    const roll = next();
    const result = roll < 0.75 ? "Accepted" : roll < 0.88 ? "Missed" : "Abandoned";
    const talkSec = result === "Accepted" ? 30 + Math.floor(next() * 600) : 0;
    const memberId = queue.members[Math.floor(next() * queue.members.length)] ?? "";
    const member = dir.extensions.find((e) => e.id === memberId);
    const id = callLogId();
    const caller = `+1415555${String(1000 + Math.floor(next() * 9000))}`;
    const durationSec = waitSec + talkSec + (result === "Missed" ? 20 : 0);
    const record: Record<string, unknown> = {
      id,
      sessionId: String(40_000_000_000 + entries.length + Math.floor(next() * 1_000_000) * 100_000),
      telephonySessionId: `s-gen${id}`,
      startTime: new Date(startMs).toISOString(),
      duration: durationSec,
      durationMs: durationSec * 1000,
      type: "Voice",
      internalType: "Local",
      direction: "Inbound",
      action: "Phone Call",
      result,
      to: { phoneNumber: "", extensionNumber: queue.extensionNumber, extensionId: queue.id, name: queue.name },
      from: { phoneNumber: caller },
      transport: "PSTN",
      lastModifiedTime: new Date(startMs + durationSec * 1000).toISOString(),
      billing: { costIncluded: 0, costPurchased: 0 },
    };
    const legs: Record<string, unknown>[] = [
      {
        startTime: record.startTime,
        duration: durationSec,
        durationMs: durationSec * 1000,
        type: "Voice",
        direction: "Inbound",
        action: "Phone Call",
        result,
        to: record.to,
        from: record.from,
        transport: "PSTN",
        legType: "PstnToSip",
        master: true,
        extension: { id: Number(queue.id) },
      },
    ];
    if (result === "Accepted" && member) {
      legs.push({
        startTime: new Date(startMs + waitSec * 1000).toISOString(),
        duration: talkSec,
        durationMs: talkSec * 1000,
        type: "Voice",
        direction: "Inbound",
        action: "Phone Call",
        result: "Accepted",
        to: {
          phoneNumber: member.phone,
          extensionNumber: member.extensionNumber,
          extensionId: member.id,
          name: member.name,
        },
        from: record.from,
        transport: "VoIP",
        legType: "Accept",
        extension: { id: Number(member.id) },
      });
    }
    entries.push({
      id,
      extensionId: queue.id,
      telephonySessionId: String(record.telephonySessionId),
      availableAt: spec.availableAt,
      record,
      legs,
      startMs,
    });
  }
  return entries;
}
