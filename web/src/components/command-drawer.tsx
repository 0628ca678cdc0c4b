import { api } from "../lib/api.ts";
import { stateBadge, stateDetail } from "../lib/command-state.ts";
import { formatFull, humanize, platformLabel } from "../lib/format.ts";
import { useLive } from "../lib/live.ts";
import { Link } from "../lib/router.tsx";
import type { CommandDto } from "../lib/types.ts";
import { useResource } from "../lib/use-resource.ts";
import { Badge } from "./badge.tsx";
import { Drawer } from "./drawer.tsx";
import { JsonView } from "./json-view.tsx";
import { ErrorState, Loading } from "./state-views.tsx";

/** Links a command's cause to what caused it: a webhook event, or an agent change. */
function CauseLink({ cause }: { cause: string | null }) {
  if (!cause) return <>—</>;
  if (cause.startsWith("evt_")) return <Link to={`/events?event=${encodeURIComponent(cause)}`}>{cause}</Link>;
  if (cause.startsWith("agt_")) return <Link to={`/agents?agent=${encodeURIComponent(cause)}`}>{cause}</Link>;
  return <>{humanize(cause)}</>;
}

export function CommandDrawer({
  id,
  agentName,
  onClose,
  onRetry,
}: {
  id: string;
  agentName: (id: string) => string | undefined;
  onClose: () => void;
  onRetry: (cmd: CommandDto) => Promise<void>;
}) {
  const cmd = useResource(`command:${id}`, () => api.get<CommandDto>(`/api/commands/${encodeURIComponent(id)}`));
  useLive(["command.updated"], (signal) => {
    if (signal.type === "poll" || signal.id === id) cmd.reload();
  });
  const c = cmd.data;
  return (
    <Drawer title="Command" subtitle={<span className="mono">{id}</span>} onClose={onClose}>
      {cmd.error ? (
        <ErrorState error={cmd.error} feature="The command" />
      ) : !c ? (
        <Loading />
      ) : (
        <>
          <section className="drawer-section">
            <div className="row-gap">
              <Badge status={c.state.name}>{stateBadge(c.state)}</Badge>
              <span>
                {platformLabel(c.platform)} · {c.kind}
              </span>
              {c.state.canRetry ? (
                <button
                  type="button"
                  className="btn btn-small btn-primary"
                  onClick={() => void onRetry(c).then(cmd.reload)}
                >
                  Retry now
                </button>
              ) : null}
            </div>
            {stateDetail(c.state) ? <div className="muted small">{stateDetail(c.state)}</div> : null}
            {c.lastError ? (
              c.state.errorIsFinal ? (
                <div className="inline-error">{c.lastError}</div>
              ) : (
                <div className="muted small">last attempt: {c.lastError}</div>
              )
            ) : null}
          </section>
          <section className="drawer-section">
            <dl className="key-values">
              <div>
                <dt>Agent</dt>
                <dd>{c.agentId ? (agentName(c.agentId) ?? c.agentId) : "—"}</dd>
              </div>
              <div>
                <dt>Attempts</dt>
                <dd>
                  {c.attempts} of {c.maxAttempts}
                </dd>
              </div>
              <div>
                <dt>Caused by</dt>
                <dd>
                  <CauseLink cause={c.cause} />
                </dd>
              </div>
              <div>
                <dt>External id</dt>
                <dd className="mono">{c.externalId ?? "—"}</dd>
              </div>
              <div>
                <dt>Idempotency key</dt>
                <dd className="mono small">{c.idempotencyKey}</dd>
              </div>
              <div>
                <dt>Created</dt>
                <dd>{formatFull(c.createdAt)}</dd>
              </div>
              <div>
                <dt>Updated</dt>
                <dd>{formatFull(c.updatedAt)}</dd>
              </div>
              <div>
                <dt>Completed</dt>
                <dd>{formatFull(c.completedAt)}</dd>
              </div>
            </dl>
          </section>
          <section className="drawer-section">
            <JsonView label="Payload" value={c.payload} />
          </section>
        </>
      )}
    </Drawer>
  );
}
