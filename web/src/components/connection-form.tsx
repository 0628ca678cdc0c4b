import { type FormEvent, useId, useState } from "react";
import { api } from "../lib/api.ts";
import { buildCreateRequest, CONNECTION_FIELDS, missingField } from "../lib/connection-fields.ts";
import { platformLabel } from "../lib/format.ts";
import { CopyButton } from "./copy-button.tsx";
import { InlineError } from "./state-views.tsx";

type Created = { id: string; platform: string; name: string; webhookUrl: string; webhookSecret: string | null };

/** Creates a connection; the webhook secret the hub generates is shown here once and never again. */
export function ConnectionForm({
  onCreated,
  onCancel,
}: {
  onCreated: (created: Created) => void;
  onCancel: () => void;
}) {
  const [platform, setPlatform] = useState("livechat");
  const [name, setName] = useState("");
  const [values, setValues] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<Created | null>(null);
  const formId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const missing = missingField(platform, values);
    if (missing) return setError(new Error(`${missing.label} is required for ${platformLabel(platform)}.`));
    setBusy(true);
    setError(null);
    try {
      const result = await api.post<Created>(
        "/api/connections",
        buildCreateRequest(platform, name || `${platformLabel(platform)}`, values),
      );
      setCreated(result);
      onCreated(result);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  if (created) {
    return (
      <div className="card form-card" data-testid="connection-created">
        <h3>{created.name} created</h3>
        <p>
          Use <strong>Connect</strong> on its card to check the credentials and register the webhook. If you set the
          webhook up by hand, point {platformLabel(created.platform)} at:
        </p>
        <div className="copy-row">
          <code>{created.webhookUrl}</code>
          <CopyButton text={created.webhookUrl} />
        </div>
        {created.webhookSecret ? (
          <>
            <p className="notice">This webhook secret is shown once. Keep it if you configure the webhook by hand.</p>
            <div className="copy-row">
              <code>{created.webhookSecret}</code>
              <CopyButton text={created.webhookSecret} />
            </div>
          </>
        ) : null}
        <button type="button" className="btn" onClick={onCancel}>
          Done
        </button>
      </div>
    );
  }

  return (
    <form className="card form-card" onSubmit={submit} aria-label="New connection">
      <h3>New connection</h3>
      <div className="form-grid">
        <label className="field">
          <span>Platform</span>
          <select
            value={platform}
            onChange={(e) => {
              setPlatform(e.target.value);
              setValues({});
            }}
          >
            {Object.keys(CONNECTION_FIELDS).map((p) => (
              <option key={p} value={p}>
                {platformLabel(p)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Name</span>
          <input
            value={name}
            placeholder={`${platformLabel(platform)} production`}
            maxLength={100}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        {(CONNECTION_FIELDS[platform] ?? []).map((field) => {
          const id = `${formId}-${field.name}`;
          return (
            <div className="field" key={`${platform}:${field.name}`}>
              <label htmlFor={id}>
                {field.label}
                {field.required ? " *" : ""}
              </label>
              {field.kind === "select" ? (
                <select
                  id={id}
                  value={values[field.name] ?? field.options?.[0] ?? ""}
                  onChange={(e) => setValues({ ...values, [field.name]: e.target.value })}
                >
                  {field.options?.map((o) => (
                    <option key={o}>{o}</option>
                  ))}
                </select>
              ) : (
                <input
                  id={id}
                  name={field.name}
                  type={field.kind === "password" ? "password" : "text"}
                  inputMode={field.kind === "number" ? "numeric" : undefined}
                  autoComplete="off"
                  placeholder={field.placeholder}
                  value={values[field.name] ?? ""}
                  onChange={(e) => setValues({ ...values, [field.name]: e.target.value })}
                />
              )}
              {field.help ? <small className="muted">{field.help}</small> : null}
            </div>
          );
        })}
      </div>
      <InlineError error={error} />
      <div className="row-gap">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? "Creating…" : "Create connection"}
        </button>
        <button type="button" className="btn btn-ghost" onClick={onCancel}>
          Cancel
        </button>
        <span className="muted small">Credentials are encrypted at rest and never shown again.</span>
      </div>
    </form>
  );
}
