import { Badge } from "../components/badge.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { RecordingPlayer } from "../components/recording-player.tsx";
import { EmptyState, ErrorState, Loading } from "../components/state-views.tsx";
import { getParsed } from "../lib/api.ts";
import { conversationDuration, conversationFacts, messageSide, recordingPath } from "../lib/conversation-view.ts";
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
    return <EmptyState title="No messages">Nothing has been written in this chat yet.</EmptyState>;
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
        {c.channel === "call"
          ? null
          : facts.map((f) => (
              <div key={f.label}>
                <dt>{f.label}</dt>
                <dd>{f.value}</dd>
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

/** A call has no transcript: its facts are what happened (who called whom, how it ended, the recording). */
function CallFacts({ c, agentName }: { c: Conversation; agentName: string | null }) {
  const facts = conversationFacts(c);
  const recording = recordingPath(c);
  const ended = c.status !== "active" && c.endedAt;
  return (
    <section className="card" data-testid="call-facts">
      <h3>Call</h3>
      <dl className="key-values call-facts">
        {facts.map((f) => (
          <div key={f.label}>
            <dt>{f.label}</dt>
            <dd>{f.value}</dd>
          </div>
        ))}
        <div>
          <dt>Duration</dt>
          <dd>{formatDuration(conversationDuration(c))}</dd>
        </div>
        <div>
          <dt>Agent</dt>
          <dd>{agentName ?? "no agent"}</dd>
        </div>
        {c.call?.answeredAt ? (
          <div>
            <dt>Answered</dt>
            <dd>{formatFull(c.call.answeredAt)}</dd>
          </div>
        ) : null}
        <div>
          <dt>Recording</dt>
          <dd>
            {recording ? (
              <RecordingPlayer path={recording} />
            ) : ended ? (
              <span className="muted">
                None yet: RingCentral publishes recordings with the call log, 15–30 s after a call ends; calls that were
                not recorded have none.
              </span>
            ) : (
              <span className="muted">Available after the call ends, if it is recorded.</span>
            )}
          </dd>
        </div>
      </dl>
    </section>
  );
}

/** One chat or call: a chat's messages, or a call's facts, next to its summary. */
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
        {c.channel === "call" ? (
          <div className="stack">
            <CallFacts c={c} agentName={agentName} />
            {messages.data && messages.data.items.length > 0 ? (
              <section className="card">
                <h3>Notes</h3>
                <Transcript messages={messages.data.items} />
              </section>
            ) : null}
          </div>
        ) : (
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
        )}
        <Summary c={c} agentName={agentName} />
      </div>
    </div>
  );
}
