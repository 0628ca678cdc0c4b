import type { jobView } from "../../../../src/admin/jobs.ts";
import type { PlannedRequest } from "../../../../src/admin/plan.ts";
import { InlineError } from "../state-views.tsx";

export type AdminJob = ReturnType<typeof jobView>;

/** The requests a change would send, and once applied the job's progress. */
export function PlanPanel({
  title,
  requests,
  job,
  error,
  onApply,
  onCancel,
}: {
  title: string;
  requests: PlannedRequest[];
  job: AdminJob | null;
  error: unknown;
  onApply: () => void;
  onCancel: () => void;
}) {
  const running = job !== null && (job.status === "queued" || job.status === "running");
  return (
    <section className="card phone-plan" data-testid="phone-plan" aria-live="polite">
      <h3>Plan: {title}</h3>
      {requests.length === 0 ? (
        <p className="muted">Nothing to change: the account already matches.</p>
      ) : (
        <ol>
          {requests.map((r) => (
            <li key={`${r.method} ${r.path} ${r.summary}`}>
              {r.summary} <code className="muted">{`${r.method} ${r.path}`}</code>
            </li>
          ))}
        </ol>
      )}
      {job ? (
        <p data-testid="phone-job" data-status={job.status}>
          Job {job.status}: {job.progress.done} of {job.progress.total} done
          {job.lastError ? ` — ${job.lastError}` : ""}
        </p>
      ) : null}
      {error ? <InlineError error={error} /> : null}
      <div className="page-actions">
        {job === null ? (
          <button type="button" className="btn btn-primary" disabled={requests.length === 0} onClick={onApply}>
            Apply
          </button>
        ) : null}
        <button type="button" className="btn" disabled={running} onClick={onCancel}>
          {job && !running ? "Close" : "Cancel"}
        </button>
      </div>
    </section>
  );
}
