import { z } from "zod";
import { formatDuration, humanize } from "../lib/format.ts";
import { STATE_COLORS } from "../lib/tones.ts";

/** `GET /api/agents/:id/stats` (src/api/stats.ts); fields beyond these are ignored. */
export const agentStatsSchema = z.looseObject({
  chatsHandled: z.number().default(0),
  callsHandled: z.number().default(0),
  callsMissed: z.number().default(0),
  talkTimeSec: z.number().default(0),
  timeInStateSec: z.record(z.string(), z.number()).default({}),
});
export type AgentStatsDto = z.infer<typeof agentStatsSchema>;

// The hub names the chat-busy state `busy_with_chats`; the board calls it busy.
const colorOf = (state: string) =>
  STATE_COLORS.find((s) => s.key === state || (s.key === "busy" && state.startsWith("busy")))?.color ?? "#94a3b8";

/** Work handled and a bar of time spent in each state. */
export function AgentStats({ stats }: { stats: AgentStatsDto }) {
  const states = Object.entries(stats.timeInStateSec).filter(([, sec]) => sec > 0);
  const total = states.reduce((sum, [, sec]) => sum + sec, 0);
  return (
    <div className="agent-stats">
      <dl className="stat-row">
        <div>
          <dt>Chats</dt>
          <dd>{stats.chatsHandled}</dd>
        </div>
        <div>
          <dt>Calls answered</dt>
          <dd>{stats.callsHandled}</dd>
        </div>
        <div>
          <dt>Calls missed</dt>
          <dd>{stats.callsMissed}</dd>
        </div>
        <div>
          <dt>Talk time</dt>
          <dd>{formatDuration(stats.talkTimeSec)}</dd>
        </div>
      </dl>
      {total > 0 ? (
        <>
          <div className="state-bar">
            {states.map(([state, sec]) => (
              <span
                key={state}
                style={{ width: `${(sec / total) * 100}%`, background: colorOf(state) }}
                title={`${humanize(state)}: ${formatDuration(sec)}`}
              />
            ))}
          </div>
          <ul className="legend">
            {states.map(([state, sec]) => (
              <li key={state}>
                <span className="legend-swatch" style={{ background: colorOf(state) }} />
                {humanize(state)} <strong>{formatDuration(sec)}</strong>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
