import type { Setup, SetupIvr, SetupQueue } from "../../../src/admin/setup.ts";

/** A change of one queue's members, planned and applied as a setup file naming only that queue. */
export function memberChange(queue: SetupQueue, extension: string, move: "in" | "out"): Setup {
  const members =
    move === "in" ? [...new Set([...queue.members, extension])] : queue.members.filter((m) => m !== extension);
  return {
    queues: [{ extensionNumber: queue.extensionNumber, name: queue.name, members }],
    ivrMenus: [],
    phoneNumbers: [],
  };
}

export type IvrNode = {
  menu: SetupIvr;
  children: Array<{ input: string; action: string; target: string; menu?: IvrNode }>;
};

/** IVR menus as a tree: a menu whose key transfers to another menu holds it as a child (each menu once). */
export function ivrTree(menus: readonly SetupIvr[]): IvrNode[] {
  const byNumber = new Map(menus.map((m) => [m.extensionNumber, m]));
  const reached = new Set(
    menus.flatMap((m) => m.actions.map((a) => a.extension).filter((e) => e !== undefined && byNumber.has(e))),
  );
  const build = (menu: SetupIvr, seen: Set<string>): IvrNode => ({
    menu,
    children: menu.actions.map((a) => {
      const target = a.extension ?? a.phoneNumber ?? "";
      const sub = a.extension ? byNumber.get(a.extension) : undefined;
      const next = new Set(seen).add(menu.extensionNumber);
      return sub && !next.has(sub.extensionNumber)
        ? { input: a.input, action: a.action, target, menu: build(sub, next) }
        : { input: a.input, action: a.action, target };
    }),
  });
  const roots = menus.filter((m) => !reached.has(m.extensionNumber));
  return (roots.length > 0 ? roots : menus.slice(0, 1)).map((m) => build(m, new Set()));
}

/** Keys of an IVR menu as people read them. */
export const keyLabel = (input: string) => (input === "Hash" ? "#" : input === "Star" ? "*" : input);
