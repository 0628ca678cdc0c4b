import type { SetupIvr } from "../../../../src/admin/setup.ts";
import { type IvrNode, ivrTree, keyLabel } from "../../lib/phone-system.ts";

function Node({ node }: { node: IvrNode }) {
  return (
    <li>
      <strong>{node.menu.name}</strong> <span className="muted">ext. {node.menu.extensionNumber}</span>
      {node.menu.prompt?.text ? <p className="muted phone-prompt">“{node.menu.prompt.text}”</p> : null}
      <ul>
        {node.children.map((c) => (
          <li key={c.input}>
            <span className="badge">{keyLabel(c.input)}</span> {c.action} {c.target}
            {c.menu ? (
              <ul>
                <Node node={c.menu} />
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
    </li>
  );
}

/** IVR menus as a tree: each key and where it leads, sub-menus nested under the key that reaches them. */
export function IvrTree({ menus }: { menus: SetupIvr[] }) {
  if (menus.length === 0) return <p className="muted">No IVR menus.</p>;
  return (
    <ul className="phone-ivr" data-testid="phone-ivr">
      {ivrTree(menus).map((n) => (
        <Node key={n.menu.extensionNumber} node={n} />
      ))}
    </ul>
  );
}
