import { Badge } from "../components/badge.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { EmptyState, ErrorState, Loading } from "../components/state-views.tsx";
import { getParsed } from "../lib/api.ts";
import { conversationDuration, conversationFacts, messageSide } from "../lib/conversation-view.ts";
import { formatDuration, formatFull, formatTime, humanize, platformLabel } from "../lib/format.ts";
import { useLive } from "../lib/live.ts";
import { Link } from "../lib/router.tsx";
import {
  type Conversation,
  conversationSchema,
  customerName,
  type Message,
  messageSchema,
  pageOf,
} from "../lib/types.ts";
import { useAgentNames } from "../lib/use-agent-names.ts";
import { useResource } from "../lib/use-resource.ts";

function Transcript({ messages }: { messages: Message[] }) {
  if (messages.length === 0)
    return <EmptyState title="No messages">Calls have no transcript; chats show their messages here.</EmptyState>;
  return (
    <ol className="transcript" data-testid="transcript">
      {messages.map((m) => {
        const side = messageSide(m);
        return (
          <li key={m.id} className={`msg msg-${side}${m.private ? " msg-private" : ""}`}>
            <div className="msg-meta">
              <strong>{m.authorName ?? humanize(m.authorType)}</strong>
              <span title={formatFull(m.at)}>{formatTime(m.at)}</span>
              {m.private ? <span className="badge tone-amber">private note</span> : null}
            </div>
            <div className="msg-text">{m.text}</div>
          </li>
        );
      })}
    </ol>
  );
}

function Summary({ c, agentName }: { c: Conversation; agentName: string | null }) {
  const facts = conversationFacts(c);
  const customer = c.customer ?? {};
  return (
    <aside className="card side-card">
      <dl className="key-values">
        <div>
          <dt>Customer</dt>
          <dd>
            {c.customerId ? (
              <Link to={`/customers/${encodeURIComponent(c.customerId)}`}>
                {customerName({ ...customer, id: c.customerId })}
              </Link>
            ) : (
              customerName(customer)
            )}
            {customer.email ? <div className="muted small">{customer.email}</div> : null}
            {customer.phone ? <div className="muted small">{customer.phone}</div> : null}
          </dd>
        </div>
        <div>
          <dt>Agent</dt>
          <dd>{agentName ?? "unassigned"}</dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>{formatFull(c.startedAt)}</dd>
        </div>
        <div>
          <dt>Ended</dt>
          <dd>{c.endedAt ? formatFull(c.endedAt) : "still active"}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{formatDuration(conversationDuration(c))}</dd>
        </div>
        {facts.map((f) => (
          <div key={f.label}>
            <dt>{f.label}</dt>
            <dd>
              {f.href ? (
                <a href={f.href} target="_blank" rel="noreferrer">
                  {f.value}
                </a>
              ) : (
                f.value
              )}
            </dd>
          </div>
        ))}
        {c.externalId ? (
          <div>
            <dt>{platformLabel(c.platform)} id</dt>
            <dd className="mono small">{c.externalId}</dd>
          </div>
        ) : null}
      </dl>
    </aside>
  );
}

/** One chat or call: its summary next to its messages. */
export function ConversationPage({ id }: { id: string }) {
  const names = useAgentNames();
  const conversation = useResource(`conversation:${id}`, () =>
    getParsed(conversationSchema, `/api/conversations/${encodeURIComponent(id)}`),
  );
  const messages = useResource(`messages:${id}`, () =>
    getParsed(pageOf(messageSchema), `/api/conversations/${encodeURIComponent(id)}/messages`, { limit: 200 }),
  );
  useLive(["conversation.updated"], (signal) => {
    if (signal.type === "poll" || signal.id === id) {
      conversation.reload();
      messages.reload();
    }
  });

  const c = conversation.data;
  if (conversation.error)
    return <ErrorState error={conversation.error} feature="Conversations" onRetry={conversation.reload} />;
  if (!c) return <Loading />;
  const agentName = c.agentName ?? (c.agentId ? (names.get(c.agentId) ?? c.agentId) : null);
  return (
    <div>
      <PageHeader
        title={
          <>
            {c.channel === "call" ? "Call" : "Chat"} with {customerName({ ...(c.customer ?? {}), id: c.customerId })}
          </>
        }
        subtitle={
          <>
            <Link to="/conversations">Conversations</Link> · {platformLabel(c.platform)} · <Badge status={c.status} />
          </>
        }
      />
      <div className="split">
        <section className="card">
          <h3>Messages</h3>
          {messages.error ? (
            <ErrorState error={messages.error} feature="Messages" />
          ) : !messages.data ? (
            <Loading />
          ) : (
            <Transcript messages={messages.data.items} />
          )}
        </section>
        <Summary c={c} agentName={agentName} />
      </div>
    </div>
  );
}
