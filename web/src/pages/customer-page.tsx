import { Badge } from "../components/badge.tsx";
import { ChatIcon, PhoneIcon } from "../components/icons.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { RecordingPlayer } from "../components/recording-player.tsx";
import { EmptyState, ErrorState, Loading } from "../components/state-views.tsx";
import { getParsed } from "../lib/api.ts";
import { conversationDuration, conversationFacts, recordingPath } from "../lib/conversation-view.ts";
import { contactsOf, entryConversationId, type TimelineItem, timelineItems } from "../lib/customer-view.ts";
import { formatDuration, formatFull, formatTime, humanize, platformLabel } from "../lib/format.ts";
import { useLive } from "../lib/live.ts";
import { Link } from "../lib/router.tsx";
import { customerName, customerSchema, timelineSchema } from "../lib/types.ts";
import { useAgentNames } from "../lib/use-agent-names.ts";
import { useResource } from "../lib/use-resource.ts";

const MESSAGES_SHOWN = 4;

function Entry({ item, agentName }: { item: TimelineItem; agentName: (id: string) => string | undefined }) {
  const e = item.entry;
  // An entry is a conversation itself (the hub's shape) or wraps one (accepted too).
  const c = e.conversation ?? e;
  const conversationId = entryConversationId(e);
  const agentId = c.agentId ?? null;
  const facts = conversationFacts(c);
  const recording = recordingPath({ ...c, id: conversationId });
  const messages = e.messages ?? [];
  const duration = e.durationSec ?? (item.kind === "call" ? conversationDuration(c) : null);
  const hidden = (e.messageCount ?? messages.length) - Math.min(messages.length, MESSAGES_SHOWN);
  return (
    <li className={`timeline-entry kind-${item.kind}`} data-testid="timeline-entry">
      <span className="timeline-icon" aria-hidden="true">
        {item.kind === "call" ? <PhoneIcon size={16} /> : <ChatIcon size={16} />}
      </span>
      <div className="timeline-body">
        <div className="timeline-head">
          <strong>
            {item.kind === "call" ? "Call" : item.kind === "chat" ? "Chat" : humanize(e.kind ?? e.type ?? "Event")}
          </strong>
          <span>on {platformLabel(c.platform)}</span>
          {agentId || e.agentName ? <span>with {e.agentName ?? agentName(agentId ?? "") ?? agentId}</span> : null}
          {c.status ? <Badge status={c.status} /> : null}
          <span className="muted" title={formatFull(item.at)}>
            {formatTime(item.at)}
          </span>
          {conversationId ? <Link to={`/conversations/${encodeURIComponent(conversationId)}`}>Open</Link> : null}
        </div>
        {e.summary ? <p>{e.summary}</p> : null}
        <div className="facts small">
          {duration !== null ? <span>Duration {formatDuration(duration)}</span> : null}
          {e.result ? <span>Result {e.result}</span> : null}
          {facts.map((f) => (
            <span key={f.label}>
              {f.label} {f.value}
            </span>
          ))}
          {recording ? <RecordingPlayer path={recording} compact /> : null}
        </div>
        {messages.length > 0 ? (
          <ul className="timeline-messages">
            {messages.slice(0, MESSAGES_SHOWN).map((m) => (
              <li key={m.id}>
                <span className="muted">{m.authorName ?? humanize(m.authorType)}:</span> {m.text}
              </li>
            ))}
            {hidden > 0 ? <li className="muted">… {hidden} more in the conversation</li> : null}
          </ul>
        ) : null}
      </div>
    </li>
  );
}

/** A customer's identities and everything that happened with them, across platforms, in one timeline. */
export function CustomerPage({ id }: { id: string }) {
  const names = useAgentNames();
  const customer = useResource(`customer:${id}`, () =>
    getParsed(customerSchema, `/api/customers/${encodeURIComponent(id)}`),
  );
  const timeline = useResource(`timeline:${id}`, () =>
    getParsed(timelineSchema, `/api/customers/${encodeURIComponent(id)}/timeline`),
  );
  useLive(["conversation.updated"], () => timeline.reload());

  if (customer.error) return <ErrorState error={customer.error} feature="Customers" onRetry={customer.reload} />;
  const c = customer.data ?? timeline.data?.customer;
  if (!c) return <Loading />;
  const { emails, phones, others } = contactsOf(c);
  const items = timeline.data ? timelineItems(timeline.data.items) : [];
  return (
    <div>
      <PageHeader title={customerName(c)} subtitle={<Link to="/customers">Customers</Link>} />
      <div className="split">
        <section className="card">
          <h3>Timeline</h3>
          {timeline.error ? (
            <ErrorState error={timeline.error} feature="The timeline" onRetry={timeline.reload} />
          ) : !timeline.data ? (
            <Loading />
          ) : items.length === 0 ? (
            <EmptyState title="Nothing on the timeline yet">
              Chats and calls with this customer show here, from every platform.
            </EmptyState>
          ) : (
            <ol className="timeline" data-testid="timeline">
              {items.map((item) => (
                <Entry key={item.key} item={item} agentName={(agentId) => names.get(agentId)} />
              ))}
            </ol>
          )}
        </section>
        <aside className="card side-card">
          <dl className="key-values">
            <div>
              <dt>Emails</dt>
              <dd>{emails.length ? emails.map((e) => <div key={e}>{e}</div>) : "—"}</dd>
            </div>
            <div>
              <dt>Phones</dt>
              <dd>{phones.length ? phones.map((p) => <div key={p}>{p}</div>) : "—"}</dd>
            </div>
            {others.map((o) => (
              <div key={`${o.label}:${o.value}`}>
                <dt>{o.label}</dt>
                <dd className="mono small">{o.value}</dd>
              </div>
            ))}
            <div>
              <dt>Customer id</dt>
              <dd className="mono small">{c.id}</dd>
            </div>
          </dl>
          <Link to={`/conversations?customerId=${encodeURIComponent(c.id)}`}>All conversations of this customer →</Link>
        </aside>
      </div>
    </div>
  );
}
