import { useState } from "react";
import type { z } from "zod";
import type { extensionInfoSchema, extensionListSchema } from "../../../../src/admin/schemas.ts";
import type { SetupQueue } from "../../../../src/admin/setup.ts";

/** An extension as RingCentral answers it (the wire shape: ids may be numbers). */
export type Extension = z.input<typeof extensionInfoSchema>;
export type ExtensionList = z.input<typeof extensionListSchema>;

/** One call queue with its members; moving an agent in or out asks for a plan first (nothing is sent yet). */
export function QueueCard({
  queue,
  agents,
  busy,
  onMove,
}: {
  queue: SetupQueue;
  agents: Extension[];
  busy: boolean;
  onMove: (queue: SetupQueue, extension: string, move: "in" | "out") => void;
}) {
  const [adding, setAdding] = useState("");
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
            <button
              type="button"
              className="btn btn-small"
              disabled={busy}
              onClick={() => onMove(queue, m, "out")}
              aria-label={`Move ${m} out of ${queue.name}`}
            >
              Move out
            </button>
          </li>
        ))}
      </ul>
      {candidates.length > 0 ? (
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
    </section>
  );
}
