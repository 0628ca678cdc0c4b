import type { AgentSummaryDto } from "../../../src/api/contracts.ts";
import {
  BOARD_PLATFORMS,
  describePlatformState,
  driftDetail,
  intentOrigin,
  statusWord,
  workloadOf,
} from "../lib/agent-view.ts";
import { formatFull, humanize, platformLabel } from "../lib/format.ts";
import { Badge } from "./badge.tsx";
import { ChatIcon, PhoneIcon } from "./icons.tsx";

function PlatformCell({ agent, platform }: { agent: AgentSummaryDto; platform: string }) {
  const states = agent.platforms.filter((p) => p.platform === platform);
  if (states.length === 0) {
    return (
      <div className="platform-cell not-linked" title={`${agent.name} has no ${platformLabel(platform)} identity`}>
        not linked
      </div>
    );
  }
  return (
    <div className="platform-cell">
      {states.map((state) => {
        const shown = describePlatformState(platform, state.actual ?? state.desired);
        const drift = driftDetail(state);
        const title = [
          `${platformLabel(platform)} ${state.externalId}`,
          `wanted: ${JSON.stringify(state.desired ?? {})}`,
          `actual: ${JSON.stringify(state.actual ?? {})}`,
          state.actualAt ? `seen ${formatFull(state.actualAt)} via ${state.actualSource ?? "?"}` : "never read",
          drift ? `drifting: ${drift}` : "in sync",
        ].join("\n");
        return (
          <div key={`${state.connectionId}:${state.externalId}`} className="platform-state" title={title}>
            <div className="state-line">
              {state.inSync ? (
                <span className="sync-mark in-sync" data-testid="in-sync">
                  ✓
                </span>
              ) : (
                <span className="sync-mark drifting" data-testid="drifting">
                  ≠
                </span>
              )}
              <span className={`state-word tone-text-${shown.tone}`}>{shown.label}</span>
            </div>
            {state.inSync ? (
              shown.detail ? (
                <div className="muted small state-detail">{shown.detail}</div>
              ) : null
            ) : (
              <div className="small drift-note">
                drifting: wants {describePlatformState(platform, state.desired).label.toLowerCase()}
              </div>
            )}
          </div>
        );
      })}
    </div>
  );
}

export function CapacityBar({ agent }: { agent: AgentSummaryDto }) {
  const w = workloadOf(agent);
  return (
    <div className="workload">
      <div className="workload-counts">
        <span className="count" title="Active calls">
          <PhoneIcon /> {w.calls}
        </span>
        <span className="count" title="Active chats">
          <ChatIcon /> {w.chats}
        </span>
        <span className="muted">
          {w.load}/{w.capacity}
        </span>
      </div>
      <div
        className={`capacity-bar${w.overbooked ? " overbooked" : ""}`}
        data-load={w.load}
        title={`${w.calls} call(s) × ${agent.costs.call} + ${w.chats} chat(s) × ${agent.costs.chat} = ${w.load} of ${w.capacity}`}
      >
        <span className="visually-hidden">
          capacity used {w.load} of {w.capacity}
        </span>
        {w.segments.map((s) => (
          <span key={s.kind} className={`capacity-seg seg-${s.kind}`} style={{ width: `${s.share * 100}%` }} />
        ))}
      </div>
    </div>
  );
}

export function AgentRow({ agent, onOpen }: { agent: AgentSummaryDto; onOpen: (id: string) => void }) {
  return (
    <tr
      className="agent-row"
      data-testid="agent-row"
      data-id={agent.id}
      data-email={agent.email ?? ""}
      data-status={agent.status}
    >
      <td className="agent-id cell-agent">
        <button type="button" className="link-button agent-name" onClick={() => onOpen(agent.id)}>
          {agent.name}
        </button>
        <div className="muted small">{agent.email ?? "no email"}</div>
      </td>
      <td className="cell-status">
        <Badge status={agent.status} title={agent.status}>
          {statusWord(agent.status)}
        </Badge>
      </td>
      <td className="intent cell-intent" data-label="Intent" title={intentOrigin(agent.intent).full}>
        <span>{humanize(agent.intent.status)}</span>
        <div className="muted small">{intentOrigin(agent.intent).short}</div>
      </td>
      {BOARD_PLATFORMS.map((p) => (
        <td key={p} className="cell-platform" data-label={platformLabel(p)}>
          <PlatformCell agent={agent} platform={p} />
        </td>
      ))}
      <td className="cell-workload" data-label="Workload">
        <CapacityBar agent={agent} />
      </td>
    </tr>
  );
}
