import { type FormEvent, useState } from "react";
import type { BotInboxDto } from "../../../../src/api/bot-contracts.ts";
import { api, describeError } from "../../lib/api.ts";

type Settings = BotInboxDto["settings"];

const DEFAULTS: Settings = {
  enabled: false,
  channel: "chatwoot",
  connectionId: null,
  externalInboxId: null,
  threshold: 0.6,
  greeting: "",
  handoffMessage: "Let me get a teammate for you. Someone will reply here shortly.",
  offHoursMessage: "Our team is offline right now; we will reply here as soon as we are back.",
  businessHours: null,
  maxBotTurns: 5,
  provider: "extractive",
  handoffTeamId: null,
  maxRepliesPerMinute: 6,
};

type CredentialKey = keyof BotInboxDto["credentials"] & string;
type CredentialField = { key: CredentialKey; label: string; secret: boolean };

/** What each channel's bot needs (docs/bot.md); the widget needs nothing (it is Switchboard's own chat). */
const CREDENTIAL_FIELDS: Record<Settings["channel"], CredentialField[]> = {
  chatwoot: [
    { key: "botAccessToken", label: "Bot access token", secret: true },
    { key: "botSecret", label: "Bot webhook secret", secret: true },
  ],
  livechat: [
    { key: "botId", label: "LiveChat bot id", secret: false },
    { key: "botSecret", label: "LiveChat bot secret", secret: true },
    { key: "clientId", label: "LiveChat Client ID", secret: false },
    { key: "organizationId", label: "LiveChat organization id", secret: false },
    { key: "webhookSecret", label: "Bot webhooks secret key", secret: true },
  ],
  widget: [],
};

/** One inbox's bot settings; secrets are write-only (left empty = unchanged). */
export function InboxSettingsForm({ inbox, onSaved }: { inbox: BotInboxDto | null; onSaved: () => void }) {
  const [id, setId] = useState(inbox?.id ?? "");
  const [s, setS] = useState<Settings>(inbox?.settings ?? DEFAULTS);
  const [creds, setCreds] = useState<Partial<Record<CredentialKey, string>>>({});
  const [message, setMessage] = useState<string | null>(null);
  const set = <K extends keyof Settings>(key: K, value: Settings[K]) => setS((old) => ({ ...old, [key]: value }));
  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const fields = CREDENTIAL_FIELDS[s.channel].map((f) => f.key);
      const credentials = Object.fromEntries(fields.flatMap((k) => (creds[k] ? [[k, creds[k]]] : [])));
      if (inbox) await api.put(`/api/bot/inboxes/${encodeURIComponent(id)}`, { ...s, credentials });
      else await api.post("/api/bot/inboxes", { id, ...s, credentials });
      setMessage("Saved");
      onSaved();
    } catch (err) {
      setMessage(describeError(err));
    }
  };
  return (
    <form
      onSubmit={save}
      aria-label="Bot settings"
      style={{ display: "grid", gap: 8, gridTemplateColumns: "220px 1fr" }}
    >
      <label htmlFor="bot-inbox-id">Inbox id</label>
      <input
        id="bot-inbox-id"
        type="text"
        value={id}
        disabled={inbox !== null}
        onChange={(e) => setId(e.target.value)}
        placeholder="chatwoot-website"
      />
      <label htmlFor="bot-enabled">Bot answers</label>
      <input id="bot-enabled" type="checkbox" checked={s.enabled} onChange={(e) => set("enabled", e.target.checked)} />
      <label htmlFor="bot-channel">Channel</label>
      <select
        id="bot-channel"
        value={s.channel}
        onChange={(e) => set("channel", e.target.value as Settings["channel"])}
      >
        <option value="chatwoot">Chatwoot agent bot</option>
        <option value="livechat">LiveChat bot agent</option>
        <option value="widget">Built-in chat widget</option>
      </select>
      <label htmlFor="bot-external-inbox">
        {s.channel === "widget" ? "Chat group id (empty: every group)" : "Platform inbox / group id"}
      </label>
      <input
        id="bot-external-inbox"
        type="text"
        value={s.externalInboxId ?? ""}
        onChange={(e) => set("externalInboxId", e.target.value || null)}
      />
      <label htmlFor="bot-connection">Connection id</label>
      <input
        id="bot-connection"
        type="text"
        value={s.connectionId ?? ""}
        onChange={(e) => set("connectionId", e.target.value || null)}
      />
      <label htmlFor="bot-threshold">Confidence threshold</label>
      <input
        id="bot-threshold"
        type="number"
        min={0}
        max={1}
        step={0.01}
        value={s.threshold}
        onChange={(e) => set("threshold", Number(e.target.value))}
      />
      <label htmlFor="bot-provider">Provider</label>
      <select
        id="bot-provider"
        value={s.provider}
        onChange={(e) => set("provider", e.target.value as Settings["provider"])}
      >
        <option value="extractive">Extractive (no model, free)</option>
        <option value="openai">OpenAI-compatible model (within the daily budget)</option>
      </select>
      <label htmlFor="bot-turns">Max bot answers before handoff</label>
      <input
        id="bot-turns"
        type="number"
        min={1}
        max={50}
        value={s.maxBotTurns}
        onChange={(e) => set("maxBotTurns", Number(e.target.value))}
      />
      <label htmlFor="bot-greeting">Greeting</label>
      <input id="bot-greeting" type="text" value={s.greeting} onChange={(e) => set("greeting", e.target.value)} />
      <label htmlFor="bot-handoff">Handoff message</label>
      <input
        id="bot-handoff"
        type="text"
        value={s.handoffMessage}
        onChange={(e) => set("handoffMessage", e.target.value)}
      />
      <label htmlFor="bot-team">Handoff team / group id</label>
      <input
        id="bot-team"
        type="text"
        value={s.handoffTeamId ?? ""}
        onChange={(e) => set("handoffTeamId", e.target.value || null)}
      />
      {CREDENTIAL_FIELDS[s.channel].map((f) => (
        <CredentialInput
          key={f.key}
          field={f}
          stored={inbox?.credentials[f.key] === true}
          value={creds[f.key] ?? ""}
          onChange={(v) => setCreds((old) => ({ ...old, [f.key]: v }))}
        />
      ))}
      <span />
      <div>
        <button type="submit" className="btn btn-primary" disabled={!id.trim()}>
          Save settings
        </button>{" "}
        {message ? <span data-testid="settings-message">{message}</span> : null}
      </div>
      {inbox ? (
        <>
          <span>Webhook URL</span>
          <code>{inbox.webhookUrl}</code>
        </>
      ) : null}
    </form>
  );
}

function CredentialInput(props: {
  field: CredentialField;
  stored: boolean;
  value: string;
  onChange: (value: string) => void;
}) {
  const id = `bot-cred-${props.field.key}`;
  return (
    <>
      <label htmlFor={id}>
        {props.field.label} {props.stored ? "(stored)" : ""}
      </label>
      <input
        id={id}
        type={props.field.secret ? "password" : "text"}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        autoComplete="off"
      />
    </>
  );
}
