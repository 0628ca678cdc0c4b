import { useState } from "react";
import type { ConnectionDto } from "../../../src/api/contracts.ts";
import { ConnectionCard } from "../components/connection-card.tsx";
import { ConnectionForm } from "../components/connection-form.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { EmptyState, ErrorState, Loading } from "../components/state-views.tsx";
import { api } from "../lib/api.ts";
import { clearAgentNames } from "../lib/use-agent-names.ts";
import { useResource } from "../lib/use-resource.ts";

/** The platform accounts this workspace is wired to. */
export function ConnectionsPage() {
  const list = useResource("connections", () => api.get<{ items: ConnectionDto[] }>("/api/connections"));
  const [creating, setCreating] = useState(false);
  const changed = () => {
    // Connecting discovers agents: the names other pages cache are stale now.
    clearAgentNames();
    list.reload();
  };
  const items = list.data?.items ?? [];
  return (
    <div>
      <PageHeader
        title="Connections"
        subtitle="Each platform account Switchboard talks to. Connect checks the credentials, registers the webhook and discovers agents; run it again to repair."
        actions={
          creating ? null : (
            <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
              New connection
            </button>
          )
        }
      />
      {creating ? <ConnectionForm onCreated={changed} onCancel={() => setCreating(false)} /> : null}
      {list.error ? (
        <ErrorState error={list.error} feature="Connections" onRetry={list.reload} />
      ) : !list.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <EmptyState title="No connections yet">
          Add LiveChat, Chatwoot or RingCentral with <strong>New connection</strong>. With <code>npm start</code> the
          hub connects its sandboxes by itself.
        </EmptyState>
      ) : (
        <div className="card-grid">
          {items.map((c) => (
            <ConnectionCard key={c.id} connection={c} onChanged={changed} />
          ))}
        </div>
      )}
    </div>
  );
}
