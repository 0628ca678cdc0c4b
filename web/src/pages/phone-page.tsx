import { useEffect, useState } from "react";
import type { QueueAnalytics } from "../../../src/admin/analytics.ts";
import type { PlannedRequest } from "../../../src/admin/plan.ts";
import type { Setup, SetupQueue } from "../../../src/admin/setup.ts";
import type { ConnectionDto } from "../../../src/api/contracts.ts";
import { VolumeChart } from "../components/charts/volume-chart.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { HoursEditor } from "../components/phone/hours-editor.tsx";
import { IvrKeyEditor } from "../components/phone/ivr-editor.tsx";
import { IvrTree } from "../components/phone/ivr-tree.tsx";
import { NumberRow } from "../components/phone/number-row.tsx";
import { type AdminJob, PlanPanel } from "../components/phone/plan-panel.tsx";
import { type ExtensionList, QueueCard } from "../components/phone/queue-card.tsx";
import { EmptyState, ErrorState, InlineError, Loading } from "../components/state-views.tsx";
import { api } from "../lib/api.ts";
import { memberChange } from "../lib/phone-system.ts";
import { useSession } from "../lib/session.ts";
import { useResource } from "../lib/use-resource.ts";

type Pending = { title: string; setup: Setup; requests: PlannedRequest[]; job: AdminJob | null; error: unknown };
const ANALYTICS_KEYS = ["answered", "missed", "abandoned"];

/** The phone side of a RingCentral connection: queues and members, IVR, numbers, hours and queue analytics. */
export function PhonePage() {
  const connections = useResource("phone-connections", () => api.get<{ items: ConnectionDto[] }>("/api/connections"));
  const rc = (connections.data?.items ?? []).filter((c) => c.platform === "ringcentral");
  const [chosen, setChosen] = useState("");
  const id = chosen || rc[0]?.id || "";
  return (
    <div>
      <PageHeader
        title="Phone system"
        subtitle="Call queues, IVR menus, numbers and business hours of a RingCentral account. Changes are shown as a plan before they are applied."
        actions={
          rc.length > 1 ? (
            <select aria-label="RingCentral connection" value={id} onChange={(e) => setChosen(e.target.value)}>
              {rc.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          ) : null
        }
      />
      {connections.error ? (
        <ErrorState error={connections.error} feature="Connections" onRetry={connections.reload} />
      ) : !connections.data ? (
        <Loading />
      ) : id === "" ? (
        <EmptyState title="No RingCentral connection">Add one on the Connections page.</EmptyState>
      ) : (
        <PhoneSystem key={id} connectionId={id} />
      )}
    </div>
  );
}

function PhoneSystem({ connectionId }: { connectionId: string }) {
  const base = `/api/ringcentral/${encodeURIComponent(connectionId)}`;
  const account = `${base}/restapi/v1.0/account/~`;
  const setup = useResource(`setup:${connectionId}`, () => api.get<Setup>(`${base}/setup`));
  const extensions = useResource(`ext:${connectionId}`, () =>
    api.get<ExtensionList>(`${account}/extension`, { perPage: 1000 }),
  );
  const analytics = useResource(`analytics:${connectionId}`, () => api.get<QueueAnalytics>(`${base}/analytics/queues`));
  const [pending, setPending] = useState<Pending | null>(null);
  const [csvError, setCsvError] = useState<unknown>(null);
  const agents = (extensions.data?.records ?? []).filter((e) => e.type === "User");
  // Targets of IVR keys and numbers: users, queues and menus (anything with an extension number).
  const targets = (extensions.data?.records ?? []).filter(
    (e) => e.extensionNumber && (e.type === "User" || e.type === "Department" || e.type === "IvrMenu"),
  );
  // Writes are admin-only on the server too; supervisors see the same page without the editing controls.
  const canEdit = useSession().session?.user.role === "admin";

  /** Any change starts as a plan: the list of RingCentral requests the server would send; Apply sends them. */
  const propose = (title: string, change: Setup) => {
    setPending({ title, setup: change, requests: [], job: null, error: null });
    api
      .post<{ requests: PlannedRequest[] }>(`${base}/plan`, change)
      .then((plan) => setPending((p) => p && { ...p, requests: plan.requests }))
      .catch((error) => setPending((p) => p && { ...p, error }));
  };
  const move = (queue: SetupQueue, extension: string, direction: "in" | "out") =>
    propose(
      `move ${extension} ${direction === "in" ? "into" : "out of"} ${queue.name}`,
      memberChange(queue, extension, direction),
    );
  const apply = () => {
    if (!pending) return;
    api
      .post<AdminJob>(`${base}/apply`, pending.setup)
      .then((job) => setPending((p) => p && { ...p, job, error: null }))
      .catch((error) => setPending((p) => p && { ...p, error }));
  };

  const jobId = pending?.job?.id;
  const jobDone = pending?.job?.status === "succeeded" || pending?.job?.status === "failed";
  const reloadSetup = setup.reload;
  useEffect(() => {
    if (!jobId) return;
    if (jobDone) {
      reloadSetup();
      return;
    }
    // Polls the job until it settles; each answer replaces the shown progress.
    const timer = setInterval(() => {
      api
        .get<AdminJob>(`${base}/jobs/${encodeURIComponent(jobId)}`)
        .then((job) => setPending((p) => p && { ...p, job }))
        .catch((error) => setPending((p) => p && { ...p, error }));
    }, 1000);
    return () => clearInterval(timer);
  }, [jobId, jobDone, base, reloadSetup]);

  /** Fetches a CSV with the session's credentials (Accept: text/csv) and saves it as a download. */
  const downloadCsv = (url: string, filename: string) => {
    setCsvError(null);
    api
      .download(url, "text/csv")
      .then((blob) => {
        const href = URL.createObjectURL(blob);
        const a = document.createElement("a");
        a.href = href;
        a.download = filename;
        a.click();
        setTimeout(() => URL.revokeObjectURL(href), 10_000);
      })
      .catch(setCsvError);
  };

  if (setup.error)
    return <ErrorState error={setup.error} feature="RingCentral administration" onRetry={setup.reload} />;
  if (!setup.data) return <Loading label="Reading the phone system…" />;
  const data = setup.data;
  const a = analytics.data;
  return (
    <div className="phone-system">
      {canEdit ? null : (
        <p className="muted" data-testid="phone-read-only">
          Read-only: your role can see the phone system; changes need an admin.
        </p>
      )}
      {pending ? (
        <PlanPanel
          title={pending.title}
          requests={pending.requests}
          job={pending.job}
          error={pending.error}
          onApply={apply}
          onCancel={() => setPending(null)}
        />
      ) : null}
      <h2>Call queues</h2>
      {data.queues.length === 0 ? <p className="muted">No call queues.</p> : null}
      <div className="card-grid">
        {data.queues.map((q) => (
          <QueueCard
            key={`${q.extensionNumber}:${JSON.stringify(q.overflow)}`}
            queue={q}
            agents={agents}
            queues={data.queues}
            canEdit={canEdit}
            busy={pending !== null}
            onMove={move}
            onPlan={propose}
          />
        ))}
      </div>
      <h2>IVR menus</h2>
      <section className="card">
        <IvrTree menus={data.ivrMenus} />
        {canEdit
          ? data.ivrMenus.map((m) => (
              <div key={m.extensionNumber}>
                <h4>
                  {m.name} <span className="muted">ext. {m.extensionNumber}</span>
                </h4>
                <IvrKeyEditor menu={m} targets={targets} busy={pending !== null} onPlan={propose} />
              </div>
            ))
          : null}
      </section>
      <h2>Phone numbers</h2>
      <section className="card">
        {data.phoneNumbers.length === 0 ? <p className="muted">No numbers.</p> : null}
        <ul className="phone-numbers" data-testid="phone-numbers">
          {data.phoneNumbers.map((n) => (
            <NumberRow
              key={`${n.phoneNumber}:${n.extension}`}
              number={n}
              targets={targets}
              canEdit={canEdit}
              busy={pending !== null}
              onPlan={propose}
            />
          ))}
        </ul>
      </section>
      <h2>Business hours</h2>
      <section className="card">
        <HoursEditor
          key={JSON.stringify(data.businessHours ?? {})}
          hours={data.businessHours}
          canEdit={canEdit}
          busy={pending !== null}
          onPlan={propose}
        />
      </section>
      <h2>Queue analytics (last 24 hours)</h2>
      <section className="card" data-testid="phone-analytics">
        <p>
          <button
            type="button"
            className="btn btn-small"
            onClick={() => downloadCsv(`${base}/analytics/queues`, "queue-analytics.csv")}
          >
            Download analytics (CSV)
          </button>{" "}
          <button
            type="button"
            className="btn btn-small"
            onClick={() => downloadCsv(`${account}/call-log?view=Detailed`, "call-log.csv")}
          >
            Download call log (CSV)
          </button>
        </p>
        <InlineError error={csvError} />
        {analytics.error ? (
          <InlineError error={analytics.error} />
        ) : !a ? (
          <Loading />
        ) : (
          <>
            <VolumeChart
              points={a.hours.map((h) => ({
                at: Date.parse(`${h.hour}:00:00Z`),
                values: { answered: h.answered, missed: h.missed, abandoned: h.abandoned },
              }))}
              keys={ANALYTICS_KEYS}
            />
            <ul className="phone-analytics">
              {a.queues.map((q) => (
                <li key={q.queueId}>
                  <strong>{q.name}</strong>: {q.offered} offered, {q.answered} answered, {q.missed} missed,{" "}
                  {q.abandoned} abandoned; average wait {Math.round(q.avgWaitSec)} s
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </div>
  );
}
