import { useState } from "react";
import type { BotAuditDto, BotInboxDto, BotMemoryDto, BotUsageDto } from "../../../src/api/bot-contracts.ts";
import { Documents } from "../components/bot/documents.tsx";
import { InboxSettingsForm } from "../components/bot/inbox-settings.tsx";
import { TryQuestion } from "../components/bot/try-question.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { ErrorState } from "../components/state-views.tsx";
import { api } from "../lib/api.ts";
import { useResource } from "../lib/use-resource.ts";

const pct = (x: number) => `${(x * 100).toFixed(0)} %`;

/** The agent bot: rates and cost, knowledge base, try a question, settings per inbox, audit log, contact memory. */
export function BotPage() {
  const usage = useResource("bot-usage", () => api.get<BotUsageDto>("/api/bot/usage"));
  const inboxes = useResource("bot-inboxes", () => api.get<{ items: BotInboxDto[] }>("/api/bot/inboxes"));
  const audit = useResource("bot-audit", () => api.get<{ items: BotAuditDto[] }>("/api/bot/audit", { limit: 50 }));
  const memory = useResource("bot-memory", () => api.get<{ items: BotMemoryDto[] }>("/api/bot/memory", { limit: 50 }));
  const [editing, setEditing] = useState<BotInboxDto | "new" | null>(null);
  const u = usage.data;
  return (
    <div>
      <PageHeader
        title="Agent bot"
        subtitle="Answers from your knowledge base above a confidence threshold, hands everything else to a person."
      />
      {usage.error ? <ErrorState error={usage.error} /> : null}
      {u ? (
        <section className="card" aria-label="Bot figures" style={{ marginBottom: 16 }}>
          <div className="toolbar">
            <span data-testid="resolution-rate">Resolution rate {pct(u.conversations.resolutionRate)}</span>
            <span data-testid="handoff-rate">Handoff rate {pct(u.conversations.handoffRate)}</span>
            <span>{u.conversations.total} conversations</span>
            <span data-testid="cost-today">
              Cost today ${u.spentTodayUsd.toFixed(4)} of ${u.budgetUsd.toFixed(2)}
            </span>
          </div>
        </section>
      ) : null}
      <div className="card-grid">
        <Documents />
        <TryQuestion inboxes={(inboxes.data?.items ?? []).map((i) => i.id)} />
      </div>
      <section className="card" aria-label="Inboxes" style={{ marginTop: 16 }}>
        <h2>Bot settings per inbox</h2>
        <table className="table compact">
          <thead>
            <tr>
              <th>inbox</th>
              <th>channel</th>
              <th>enabled</th>
              <th>threshold</th>
              <th>provider</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(inboxes.data?.items ?? []).map((i) => (
              <tr key={i.id}>
                <td>{i.id}</td>
                <td>{i.settings.channel}</td>
                <td>{i.settings.enabled ? "on" : "off"}</td>
                <td>{i.settings.threshold}</td>
                <td>{i.settings.provider}</td>
                <td>
                  <button type="button" className="btn btn-small" onClick={() => setEditing(i)}>
                    Edit
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" className="btn" onClick={() => setEditing("new")}>
          Configure an inbox
        </button>
        {editing ? (
          <InboxSettingsForm
            key={editing === "new" ? "new" : editing.id}
            inbox={editing === "new" ? null : editing}
            onSaved={() => inboxes.reload()}
          />
        ) : null}
      </section>
      <section className="card" aria-label="Audit log" style={{ marginTop: 16 }}>
        <h2>Audit log</h2>
        <table className="table compact">
          <thead>
            <tr>
              <th>when</th>
              <th>decision</th>
              <th>question</th>
              <th>answer / why</th>
              <th>provider</th>
              <th>tokens</th>
              <th>cost</th>
            </tr>
          </thead>
          <tbody>
            {(audit.data?.items ?? []).map((a) => (
              <tr key={a.id}>
                <td>{new Date(a.at).toLocaleTimeString()}</td>
                <td>{a.decision}</td>
                <td>{a.question}</td>
                <td>
                  {a.answer ? <div>{a.answer}</div> : null}
                  <div className="muted">{a.reason}</div>
                </td>
                <td>{a.provider ?? ""}</td>
                <td>{a.tokensIn + a.tokensOut}</td>
                <td>${a.costUsd.toFixed(5)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card" aria-label="Contact memory" style={{ marginTop: 16 }}>
        <h2>What the bot remembers</h2>
        <ul>
          {(memory.data?.items ?? []).map((m) => (
            <li key={m.contactKey}>
              {m.contactKey}: {m.facts.join("; ")}{" "}
              <button
                type="button"
                className="btn btn-small"
                onClick={async () => {
                  await api.delete(`/api/bot/memory/${encodeURIComponent(m.contactKey)}`);
                  memory.reload();
                }}
              >
                Erase
              </button>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
