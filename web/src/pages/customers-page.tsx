import { useEffect, useState } from "react";
import { PageHeader } from "../components/page-header.tsx";
import { Pager } from "../components/pager.tsx";
import { EmptyState, ErrorState, Loading } from "../components/state-views.tsx";
import { getParsed } from "../lib/api.ts";
import { contactsOf } from "../lib/customer-view.ts";
import { formatAgo } from "../lib/format.ts";
import { Link, navigate, setQuery, useLocation } from "../lib/router.tsx";
import { customerName, customerSchema, pageOf } from "../lib/types.ts";
import { useCursorPages } from "../lib/use-cursor.ts";
import { useResource } from "../lib/use-resource.ts";

/** Customers across platforms, found by name, email or phone. */
export function CustomersPage() {
  const { query } = useLocation();
  const q = query.get("q") ?? "";
  const [draft, setDraft] = useState(q);
  useEffect(() => setDraft(q), [q]);
  // Searching on every keystroke would query the hub per letter; wait for a pause in typing.
  useEffect(() => {
    if (draft === q) return;
    const t = setTimeout(() => setQuery({ q: draft.trim() || null }), 300);
    return () => clearTimeout(t);
  }, [draft, q]);
  const pages = useCursorPages(q);
  const list = useResource(`customers:${q}:${pages.cursor ?? ""}`, () =>
    getParsed(pageOf(customerSchema), "/api/customers", { q, cursor: pages.cursor, limit: 50 }),
  );
  const items = list.data?.items ?? [];
  return (
    <div>
      <PageHeader
        title="Customers"
        subtitle="One record per person across every platform, matched by custom id, verified email or phone."
      />
      <div className="toolbar">
        <input
          type="search"
          className="search"
          placeholder="Search by name, email or phone"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") setQuery({ q: draft.trim() || null });
          }}
          aria-label="Search customers"
        />
      </div>
      {list.error ? (
        <ErrorState error={list.error} feature="Customers" onRetry={list.reload} />
      ) : !list.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <EmptyState title={q ? `No customer matches “${q}”` : "No customers yet"}>
          {q
            ? "Try an email address or a phone number in international format (+1…)."
            : "Customers are created from chats and calls as they arrive."}
        </EmptyState>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Emails</th>
              <th>Phones</th>
              <th>Last seen</th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => {
              const { emails, phones } = contactsOf(c);
              return (
                <tr
                  key={c.id}
                  data-testid="customer-row"
                  className="clickable"
                  onClick={() => navigate(`/customers/${encodeURIComponent(c.id)}`)}
                >
                  <td>
                    <Link to={`/customers/${encodeURIComponent(c.id)}`} onClick={(e) => e.stopPropagation()}>
                      {customerName(c)}
                    </Link>
                  </td>
                  <td>{emails.join(", ") || <span className="muted">—</span>}</td>
                  <td>{phones.join(", ") || <span className="muted">—</span>}</td>
                  <td>{formatAgo(c.lastSeenAt ?? c.updatedAt ?? null)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <Pager pages={pages} nextCursor={list.data?.nextCursor} count={items.length} />
    </div>
  );
}
