import { useState } from "react";
import type { Setup, SetupIvr } from "../../../../src/admin/setup.ts";
import {
  actionTarget,
  EDITABLE_ACTIONS,
  IVR_INPUTS,
  type IvrAction,
  ivrKeyChange,
  keyLabel,
} from "../../lib/phone-system.ts";
import type { Extension } from "./queue-card.tsx";

const REMOVE = "remove";

/** Sets one key of an IVR menu (action and target) or removes it; the change is planned, not sent. */
export function IvrKeyEditor({
  menu,
  targets,
  busy,
  onPlan,
}: {
  menu: SetupIvr;
  targets: Extension[];
  busy: boolean;
  onPlan: (title: string, setup: Setup) => void;
}) {
  const [input, setInput] = useState<IvrAction["input"]>(IVR_INPUTS[0]);
  const [action, setAction] = useState<string>("Connect");
  const [target, setTarget] = useState("");
  const [reason, setReason] = useState("");
  const kind = action === REMOVE ? "none" : actionTarget(action as IvrAction["action"]);
  const label = `${menu.name} key`;
  const plan = () => {
    const chosen = action === REMOVE ? null : (action as IvrAction["action"]);
    const r = ivrKeyChange(menu, input, chosen, target);
    if (!r.ok) return setReason(r.reason);
    setReason("");
    const what = chosen ? `${chosen}${kind === "none" ? "" : ` ${target}`}` : "removed";
    onPlan(`${menu.name} key ${keyLabel(input)}: ${what}`, r.setup);
  };
  return (
    <div className="phone-edit" data-testid="ivr-editor" data-extension={menu.extensionNumber}>
      <select aria-label={`${label} to change`} value={input} onChange={(e) => setInput(e.target.value as never)}>
        {IVR_INPUTS.map((i) => (
          <option key={i} value={i}>
            Key {keyLabel(i)}
          </option>
        ))}
      </select>
      <select aria-label={`${label} action`} value={action} onChange={(e) => setAction(e.target.value)}>
        {EDITABLE_ACTIONS.map((a) => (
          <option key={a} value={a}>
            {a}
          </option>
        ))}
        <option value={REMOVE}>Remove the key</option>
      </select>
      {kind === "extension" ? (
        <select aria-label={`${label} target`} value={target} onChange={(e) => setTarget(e.target.value)}>
          <option value="">Choose an extension…</option>
          {targets.map((t) => (
            <option key={String(t.id)} value={t.extensionNumber}>
              {t.name ?? t.type} ({t.extensionNumber})
            </option>
          ))}
        </select>
      ) : kind === "phoneNumber" ? (
        <input
          aria-label={`${label} outside number`}
          placeholder="+16505550100"
          value={target}
          onChange={(e) => setTarget(e.target.value)}
        />
      ) : null}
      <button type="button" className="btn btn-small" disabled={busy} onClick={plan}>
        Plan key change
      </button>
      {reason ? (
        <p className="inline-error" role="alert">
          {reason}
        </p>
      ) : null}
    </div>
  );
}
