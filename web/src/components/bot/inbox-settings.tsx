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

/** One inbox's bot settings; secrets are write-only (left empty = unchanged). */
export function InboxSettingsForm({ inbox, onSaved }: { inbox: BotInboxDto | null; onSaved: () => void }) {
  const [id, setId] = useState(inbox?.id ?? "");
  const [s, setS] = useState<Settings>(inbox?.settings ?? DEFAULTS);
  const [token, setToken] = useState("");
  const [secret, setSecret] = useState("");
  const [message, setMessage] = useState<string | null>(null);
  const set = <K extends keyof Settings>(key: K, value: Settings[K]) => setS((old) => ({ ...old, [key]: value }));
  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const credentials = { ...(token ? { botAccessToken: token } : {}), ...(secret ? { botSecret: secret } : {}) };
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
      <label htmlFor="bot-token">Bot access token {inbox?.credentials.botAccessToken ? "(stored)" : ""}</label>
      <input
        id="bot-token"
        type="password"
        value={token}
        onChange={(e) => setToken(e.target.value)}
        autoComplete="off"
      />
      <label htmlFor="bot-secret">Bot webhook secret {inbox?.credentials.botSecret ? "(stored)" : ""}</label>
      <input
        id="bot-secret"
        type="password"
        value={secret}
        onChange={(e) => setSecret(e.target.value)}
        autoComplete="off"
      />
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
