import { useState } from "react";
import type { z } from "zod";
import type { extensionInfoSchema, extensionListSchema } from "../../../../src/admin/schemas.ts";
import type { Setup, SetupQueue } from "../../../../src/admin/setup.ts";
import { overflowChange } from "../../lib/phone-system.ts";

/** An extension as RingCentral answers it (the wire shape: ids may be numbers). */
export type Extension = z.input<typeof extensionInfoSchema>;
export type ExtensionList = z.input<typeof extensionListSchema>;

/**
 * One call queue with its members and overflow; moving an agent in or out or changing the overflow asks for a plan
 * first (nothing is sent yet). Without canEdit (supervisors) the card only shows.
 */
export function QueueCard({
  queue,
  agents,
  queues,
  canEdit,
  busy,
  onMove,
  onPlan,
}: {
  queue: SetupQueue;
  agents: Extension[];
  /** Every queue of the account, for the overflow targets. */
  queues: SetupQueue[];
  canEdit: boolean;
  busy: boolean;
  onMove: (queue: SetupQueue, extension: string, move: "in" | "out") => void;
  onPlan: (title: string, setup: Setup) => void;
}) {
  const [adding, setAdding] = useState("");
  const liveOverflow = queue.overflow ?? { enabled: false, queues: [] };
  const [overflowOn, setOverflowOn] = useState(liveOverflow.enabled);
  const [overflowTo, setOverflowTo] = useState<string[]>(liveOverflow.queues);
  const others = queues.filter((q) => q.extensionNumber !== queue.extensionNumber);
  const overflowChanged = overflowOn !== liveOverflow.enabled || overflowTo.join(",") !== liveOverflow.queues.join(",");
  const nameOf = (n: string) => agents.find((a) => a.extensionNumber === n)?.name ?? "";
  const candidates = agents.filter((a) => a.extensionNumber && !queue.members.includes(a.extensionNumber));
  return (
    <section className="card phone-queue" data-testid="phone-queue" data-extension={queue.extensionNumber}>
      <h3>
        {queue.name} <span className="muted">ext. {queue.extensionNumber}</span>
      </h3>
      {queue.members.length === 0 ? <p className="muted">No members.</p> : null}
      <ul className="phone-members">
        {queue.members.map((m) => (
          <li key={m} data-testid="phone-member" data-extension={m}>
            <span>
              {nameOf(m) || "Extension"} <span className="muted">{m}</span>
            </span>
            {canEdit ? (
              <button
                type="button"
                className="btn btn-small"
                disabled={busy}
                onClick={() => onMove(queue, m, "out")}
                aria-label={`Move ${m} out of ${queue.name}`}
              >
                Move out
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {canEdit && candidates.length > 0 ? (
        <div className="phone-add">
          <select
            aria-label={`Agent to move into ${queue.name}`}
            value={adding}
            onChange={(e) => setAdding(e.target.value)}
          >
            <option value="">Choose an agent…</option>
            {candidates.map((a) => (
              <option key={String(a.id)} value={a.extensionNumber}>
                {a.name ?? "Extension"} ({a.extensionNumber})
              </option>
            ))}
          </select>
          <button
            type="button"
            className="btn btn-small"
            disabled={busy || adding === ""}
            onClick={() => {
              onMove(queue, adding, "in");
              setAdding("");
            }}
          >
            Move in
          </button>
        </div>
      ) : null}
      <div className="phone-overflow" data-testid="phone-overflow" data-enabled={String(liveOverflow.enabled)}>
        <p className="muted">
          Overflow: {liveOverflow.enabled ? `on, to ${liveOverflow.queues.join(", ") || "no queue"}` : "off"}
        </p>
        {canEdit && others.length > 0 ? (
          <fieldset className="phone-edit">
            <legend>Overflow settings</legend>
            <label>
              <input
                type="checkbox"
                checked={overflowOn}
                onChange={(e) => setOverflowOn(e.target.checked)}
                aria-label={`Overflow from ${queue.name}`}
              />{" "}
              Overflow waiting calls
            </label>
            {others.map((o) => (
              <label key={o.extensionNumber}>
                <input
                  type="checkbox"
                  checked={overflowTo.includes(o.extensionNumber)}
                  onChange={(e) =>
                    setOverflowTo(
                      e.target.checked
                        ? [...overflowTo, o.extensionNumber]
                        : overflowTo.filter((n) => n !== o.extensionNumber),
                    )
                  }
                  aria-label={`Overflow from ${queue.name} to ${o.name}`}
                />{" "}
                to {o.name} ({o.extensionNumber})
              </label>
            ))}
            <button
              type="button"
              className="btn btn-small"
              disabled={busy || !overflowChanged}
              onClick={() =>
                onPlan(
                  `${queue.name} overflow ${overflowOn ? "on" : "off"}`,
                  overflowChange(queue, overflowOn, overflowTo),
                )
              }
            >
              Plan overflow
            </button>
          </fieldset>
        ) : null}
      </div>
    </section>
  );
}
