import type { WeeklyRanges } from "../../../src/admin/schemas.ts";
import type { Setup, SetupIvr, SetupQueue } from "../../../src/admin/setup.ts";

/** The days of a RingCentral weekly schedule (the web bundle does not load server code, so they are listed here). */
export const WEEKDAYS = [
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
  "sunday",
] as const satisfies readonly (keyof WeeklyRanges)[];
export type Weekday = (typeof WEEKDAYS)[number];
/** IVR keys in the order a menu lists them. */
export const IVR_INPUTS = [
  "1",
  "2",
  "3",
  "4",
  "5",
  "6",
  "7",
  "8",
  "9",
  "0",
  "Star",
  "Hash",
  "NoInput",
] as const satisfies readonly SetupIvr["actions"][number]["input"][];
type TimeRange = { from: string; to: string };

/** A change of one queue's members, planned and applied as a setup file naming only that queue. */
export function memberChange(queue: SetupQueue, extension: string, move: "in" | "out"): Setup {
  const members =
    move === "in" ? [...new Set([...queue.members, extension])] : queue.members.filter((m) => m !== extension);
  return only({ queues: [{ extensionNumber: queue.extensionNumber, name: queue.name, members }] });
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

/** A setup file naming only the given parts: planning it leaves everything else alone. */
export function only(part: Partial<Setup>): Setup {
  return { queues: [], ivrMenus: [], phoneNumbers: [], ...part };
}

/** A queue's overflow: whether it overflows, and to which other queues (by extension number, in order). */
export function overflowChange(queue: SetupQueue, enabled: boolean, queues: readonly string[]): Setup {
  const targets = [...new Set(queues)].filter((n) => n !== queue.extensionNumber);
  return only({ queues: [{ ...queue, overflow: { enabled, queues: targets } }] });
}

export type IvrAction = SetupIvr["actions"][number];
/** Which target an IVR key's action needs: an extension of the account, an outside number, or nothing. */
export function actionTarget(action: IvrAction["action"]): "extension" | "phoneNumber" | "none" {
  if (action === "Connect" || action === "Voicemail") return "extension";
  if (action === "Transfer") return "phoneNumber";
  return "none";
}
/** The actions the dashboard offers for a key (the others stay as the account has them). */
export const EDITABLE_ACTIONS = [
  "Connect",
  "Voicemail",
  "Transfer",
  "DialByName",
  "Repeat",
  "ReturnToRoot",
  "ConnectToOperator",
  "Disconnect",
] as const satisfies readonly IvrAction["action"][];

/**
 * One key of an IVR menu set to an action (target = extension or outside number, as `actionTarget` says), or removed
 * when action is null. Other keys keep what they have; the keys stay in input order.
 */
export function ivrKeyChange(
  menu: SetupIvr,
  input: IvrAction["input"],
  action: IvrAction["action"] | null,
  target = "",
): { ok: true; setup: Setup } | { ok: false; reason: string } {
  const rest = menu.actions.filter((a) => a.input !== input);
  let actions = rest;
  if (action !== null) {
    const kind = actionTarget(action);
    const value = target.trim();
    if (kind !== "none" && value === "") return { ok: false, reason: `${action} needs a target` };
    if (kind === "extension" && !/^\d{3,8}$/.test(value)) return { ok: false, reason: "choose an extension" };
    if (kind === "phoneNumber" && !/^\+[1-9]\d{1,14}$/.test(value))
      return { ok: false, reason: "an outside number in E.164 form, such as +16505550100" };
    const next: IvrAction =
      kind === "extension"
        ? { input, action, extension: value }
        : kind === "phoneNumber"
          ? { input, action, phoneNumber: value }
          : { input, action };
    actions = [...rest, next].sort((a, b) => IVR_INPUTS.indexOf(a.input) - IVR_INPUTS.indexOf(b.input));
  }
  return { ok: true, setup: only({ ivrMenus: [{ ...menu, actions }] }) };
}

/** A number assigned to an extension, or released to the company (extension null). */
export function numberChange(phoneNumber: string, extension: string | null): Setup {
  return only({ phoneNumbers: [{ phoneNumber, extension }] });
}

/** Business hours as typed per day: "09:00-17:00, 18:00-20:00"; empty = closed. */
export function parseDayRanges(text: string): { ok: true; ranges: TimeRange[] } | { ok: false; reason: string } {
  const parts = text
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  const ranges: TimeRange[] = [];
  for (const part of parts) {
    const m = /^(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})$/.exec(part);
    if (!m) return { ok: false, reason: `"${part}" is not a range like 09:00-17:00` };
    const [from, to] = [`${m[1]?.padStart(2, "0")}:${m[2]}`, `${m[3]?.padStart(2, "0")}:${m[4]}`];
    if (!validTime(from) || !validTime(to)) return { ok: false, reason: `"${part}" has a time that does not exist` };
    if (from >= to) return { ok: false, reason: `"${part}" ends before it starts` };
    ranges.push({ from, to });
  }
  return { ok: true, ranges };
}

export const formatDayRanges = (ranges: readonly TimeRange[] | undefined) =>
  (ranges ?? []).map((r) => `${r.from}-${r.to}`).join(", ");

const validTime = (t: string) => /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/.test(t);

/** The company's business hours from the typed days (each day's text as `parseDayRanges` reads it). */
export function hoursChange(
  days: Readonly<Record<Weekday, string>>,
): { ok: true; setup: Setup } | { ok: false; reason: string } {
  const hours: WeeklyRanges = {};
  for (const day of WEEKDAYS) {
    const parsed = parseDayRanges(days[day]);
    if (!parsed.ok) return { ok: false, reason: `${day}: ${parsed.reason}` };
    if (parsed.ranges.length > 0) hours[day] = parsed.ranges;
  }
  return { ok: true, setup: only({ businessHours: hours }) };
}
