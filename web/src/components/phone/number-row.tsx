import { useState } from "react";
import type { Setup } from "../../../../src/admin/setup.ts";
import { numberChange } from "../../lib/phone-system.ts";
import type { Extension } from "./queue-card.tsx";

const COMPANY = "";

/** One phone number: what it rings, and (for admins) assigning it to an extension or releasing it to the company. */
export function NumberRow({
  number,
  targets,
  canEdit,
  busy,
  onPlan,
}: {
  number: { phoneNumber: string; extension: string | null };
  targets: Extension[];
  canEdit: boolean;
  busy: boolean;
  onPlan: (title: string, setup: Setup) => void;
}) {
  const [chosen, setChosen] = useState(number.extension ?? COMPANY);
  const changed = chosen !== (number.extension ?? COMPANY);
  return (
    <li data-testid="phone-number" data-number={number.phoneNumber} data-extension={number.extension ?? ""}>
      <code>{number.phoneNumber}</code>{" "}
      <span className="muted">{number.extension ? `rings ext. ${number.extension}` : "company number"}</span>
      {canEdit ? (
        <span className="phone-edit">
          <select
            aria-label={`Extension for ${number.phoneNumber}`}
            value={chosen}
            onChange={(e) => setChosen(e.target.value)}
          >
            <option value={COMPANY}>Company number (released)</option>
            {targets.map((t) => (
              <option key={String(t.id)} value={t.extensionNumber}>
                {t.name ?? t.type} ({t.extensionNumber})
              </option>
            ))}
          </select>
          <button
            type="button"
            className="btn btn-small"
            disabled={busy || !changed}
            onClick={() =>
              onPlan(
                chosen === COMPANY ? `release ${number.phoneNumber}` : `assign ${number.phoneNumber} to ${chosen}`,
                numberChange(number.phoneNumber, chosen === COMPANY ? null : chosen),
              )
            }
          >
            {chosen === COMPANY && number.extension ? "Plan release" : "Plan assignment"}
          </button>
        </span>
      ) : null}
    </li>
  );
}
