/**
 * Queue analytics computed by the hub from RingCentral's call log (`view=Detailed`): per queue, per agent and per
 * hour — offered, answered, missed, abandoned, handle time and wait time. Pure: records in, figures out.
 *
 * A queue call is a record whose `to.extensionId` is a call queue. It was answered when a leg reached a member
 * (`legType` Accept, or any leg to another extension with result Accepted): wait = that leg's start − the call's
 * start, handle = that leg's duration. Abandoned = the caller hung up waiting (result Abandoned / Hang Up); any
 * other unanswered result (Missed, Voicemail, No Answer, …) is missed, its whole duration counted as wait.
 */
export type CallLogLeg = {
  startTime?: string;
  duration?: number;
  result?: string;
  legType?: string;
  to?: { extensionId?: string; name?: string; extensionNumber?: string };
};
export type CallLogRecord = {
  startTime: string;
  duration?: number;
  direction?: string;
  result?: string;
  to?: { extensionId?: string; name?: string };
  legs?: CallLogLeg[];
};

export type Tally = {
  offered: number;
  answered: number;
  missed: number;
  abandoned: number;
  handleSec: number;
  waitSec: number;
  avgHandleSec: number;
  avgWaitSec: number;
};
export type QueueAnalytics = {
  queues: ({ queueId: string; name: string } & Tally)[];
  agents: { extensionId: string; name: string; answered: number; handleSec: number; avgHandleSec: number }[];
  hours: ({ hour: string } & Tally)[];
};

const ABANDONED = new Set(["Abandoned", "Hang Up"]);
const empty = (): Tally => ({
  offered: 0,
  answered: 0,
  missed: 0,
  abandoned: 0,
  handleSec: 0,
  waitSec: 0,
  avgHandleSec: 0,
  avgWaitSec: 0,
});

function finish(t: Tally): Tally {
  const waited = t.answered + t.missed + t.abandoned;
  return {
    ...t,
    avgHandleSec: t.answered > 0 ? Math.round(t.handleSec / t.answered) : 0,
    avgWaitSec: waited > 0 ? Math.round(t.waitSec / waited) : 0,
  };
}

function secondsBetween(from: string, to: string | undefined): number {
  const a = Date.parse(from);
  const b = to === undefined ? Number.NaN : Date.parse(to);
  return Number.isNaN(a) || Number.isNaN(b) ? 0 : Math.max(0, Math.round((b - a) / 1000));
}

export function queueAnalytics(records: readonly CallLogRecord[], queues: ReadonlyMap<string, string>): QueueAnalytics {
  const byQueue = new Map<string, Tally>();
  const byHour = new Map<string, Tally>();
  const byAgent = new Map<string, { name: string; answered: number; handleSec: number }>();
  for (const record of records) {
    const queueId = record.to?.extensionId;
    if (!queueId || !queues.has(queueId) || record.direction === "Outbound") continue;
    const hour = record.startTime.slice(0, 13);
    const tallies = [byQueue.get(queueId) ?? empty(), byHour.get(hour) ?? empty()];
    byQueue.set(queueId, tallies[0] as Tally);
    byHour.set(hour, tallies[1] as Tally);
    const agentLeg = record.legs?.find(
      (l) => l.to?.extensionId && l.to.extensionId !== queueId && (l.legType === "Accept" || l.result === "Accepted"),
    );
    for (const t of tallies) {
      t.offered += 1;
      if (agentLeg) {
        t.answered += 1;
        t.handleSec += agentLeg.duration ?? 0;
        t.waitSec += secondsBetween(record.startTime, agentLeg.startTime);
      } else {
        if (ABANDONED.has(record.result ?? "")) t.abandoned += 1;
        else t.missed += 1;
        t.waitSec += record.duration ?? 0;
      }
    }
    const agentId = agentLeg?.to?.extensionId;
    if (agentLeg && agentId) {
      const agent = byAgent.get(agentId) ?? { name: agentLeg.to?.name ?? "", answered: 0, handleSec: 0 };
      agent.answered += 1;
      agent.handleSec += agentLeg.duration ?? 0;
      byAgent.set(agentId, agent);
    }
  }
  return {
    queues: [...byQueue]
      .map(([queueId, t]) => ({ queueId, name: queues.get(queueId) ?? "", ...finish(t) }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    agents: [...byAgent]
      .map(([extensionId, a]) => ({
        extensionId,
        ...a,
        avgHandleSec: a.answered > 0 ? Math.round(a.handleSec / a.answered) : 0,
      }))
      .sort((a, b) => b.answered - a.answered || a.name.localeCompare(b.name)),
    hours: [...byHour].map(([hour, t]) => ({ hour, ...finish(t) })).sort((a, b) => a.hour.localeCompare(b.hour)),
  };
}
