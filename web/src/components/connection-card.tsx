import { useState } from "react";
import { z } from "zod";
import type { ConnectionDto } from "../../../src/api/contracts.ts";
import { ApiError, api, describeError } from "../lib/api.ts";
import { formatAgo, formatFull, platformLabel } from "../lib/format.ts";
import { Badge } from "./badge.tsx";
import { CopyButton } from "./copy-button.tsx";

const connectResult = z.object({
  ok: z.boolean(),
  checkedAt: z.string().optional(),
  steps: z.array(z.object({ step: z.string(), ok: z.boolean(), detail: z.string().optional() })).default([]),
  manualSteps: z.array(z.string()).optional(),
});
type ConnectResult = z.infer<typeof connectResult>;

function Steps({ result }: { result: ConnectResult }) {
  return (
    <div className="steps" data-testid="connect-steps">
      <ol>
        {result.steps.map((s) => (
          <li key={`${s.step}:${s.detail ?? ""}`} className={s.ok ? "step-ok" : "step-failed"}>
            <span className="step-mark" title={s.ok ? "done" : "failed"}>
              {s.ok ? "✓" : "✗"}
            </span>
            <span>{s.step}</span>
            {s.detail ? <span className="muted small"> — {s.detail}</span> : null}
          </li>
        ))}
      </ol>
      {result.manualSteps && result.manualSteps.length > 0 ? (
        <div className="notice">
          <strong>Left for you to do on the platform:</strong>
          <ul>
            {result.manualSteps.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

/** One connection: its state, its webhook URL to paste into the platform, and a Connect / test button. */
export function ConnectionCard({ connection, onChanged }: { connection: ConnectionDto; onChanged: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fresh, setFresh] = useState<ConnectResult | null>(null);
  const stored = connectResult.safeParse(connection.connectResult);
  const result = fresh ?? (stored.success ? stored.data : null);

  const connect = async () => {
    setBusy(true);
    setError(null);
    try {
      const data = await api.post<unknown>(`/api/connections/${connection.id}/connect`);
      const parsed = connectResult.safeParse(data);
      // The route may answer the result itself or the updated connection (UNCONFIRMED): accept both.
      const nested = z.object({ connectResult: connectResult }).safeParse(data);
      setFresh(parsed.success ? parsed.data : nested.success ? nested.data.connectResult : null);
      onChanged();
    } catch (caught) {
      setError(
        caught instanceof ApiError && caught.routeMissing
          ? `This hub has no connect endpoint (POST /api/connections/:id/connect) yet. On the server, run: npm run switchboard -- connections connect ${connection.id}`
          : describeError(caught),
      );
    } finally {
      setBusy(false);
    }
  };

  const settings = Object.entries(connection.settings).filter(([, v]) => typeof v !== "object");
  return (
    <article className="card connection-card" data-testid="connection-card" data-platform={connection.platform}>
      <header className="connection-head">
        <div>
          <h3>{connection.name}</h3>
          <div className="muted small">
            {platformLabel(connection.platform)} · <span className="mono">{connection.id}</span>
          </div>
        </div>
        <Badge status={connection.status} />
      </header>
      <div className="field-label">Webhook URL</div>
      <div className="copy-row">
        <code data-testid="webhook-url">{connection.webhookUrl}</code>
        <CopyButton text={connection.webhookUrl} />
      </div>
      <div className="facts small">
        <span>{connection.hasCredentials ? "✓ credentials stored" : "✗ no credentials"}</span>
        <span>{connection.hasWebhookSecret ? "✓ webhook secret set" : "✗ no webhook secret"}</span>
        {settings.map(([k, v]) => (
          <span key={k} className="muted">
            {k}: {String(v)}
          </span>
        ))}
      </div>
      <div className="row-gap">
        <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void connect()}>
          {busy ? "Connecting…" : connection.status === "connected" ? "Test again" : "Connect"}
        </button>
        {result?.checkedAt ? (
          <span className="muted small" title={formatFull(result.checkedAt)}>
            {result.ok ? "last check passed" : "last check failed"} {formatAgo(result.checkedAt)}
          </span>
        ) : (
          <span className="muted small">never checked</span>
        )}
      </div>
      {error ? (
        <div className="inline-error" role="alert">
          {error}
        </div>
      ) : null}
      {result ? <Steps result={result} /> : null}
    </article>
  );
}
