import { type AdminCall, adminCalls as c, describeCall, type RequestDescription } from "./calls.ts";
import { WEEKDAYS, type WeeklyRanges } from "./schemas.ts";
import type { LiveAccount, LiveIvr, Setup, SetupIvr } from "./setup.ts";

/**
 * Plan = the requests that would make the live account match a setup file, in dependency order (stage). Pure:
 * a queue that does not exist yet is referred to as `{queue:803}` until it is created; apply re-plans after each
 * round, so those requests get real ids then.
 */
export type PlannedRequest = RequestDescription & { stage: number; summary: string };
export type Plan = { ok: true; requests: PlannedRequest[] } | { ok: false; issues: string[] };

export const PLACEHOLDER = /\{(queue|ivr):\d+\}/;

export function normaliseHours(ranges: WeeklyRanges | Record<string, unknown> | undefined): WeeklyRanges {
  const out: WeeklyRanges = {};
  for (const day of WEEKDAYS) {
    const value = (ranges as Record<string, unknown> | undefined)?.[day];
    if (Array.isArray(value) && value.length > 0) {
      out[day] = value.map((i) => ({ from: String(i.from), to: String(i.to) }));
    }
  }
  return out;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const sorted = (list: string[]) => [...list].sort();

function ivrBody(m: SetupIvr, ref: (n: string) => string) {
  return {
    name: m.name,
    extensionNumber: m.extensionNumber,
    ...(m.promptRepeatCount ? { promptRepeatCount: m.promptRepeatCount } : {}),
    ...(m.prompt ? { prompt: m.prompt } : {}),
    actions: m.actions.map((a) => ({
      input: a.input,
      action: a.action,
      ...(a.extension ? { extension: { id: ref(a.extension) } } : {}),
      ...(a.phoneNumber !== undefined ? { phoneNumber: a.phoneNumber } : {}),
    })),
  };
}

function ivrMatches(m: SetupIvr, live: LiveIvr, ref: (n: string) => string): boolean {
  if (m.name !== live.name) return false;
  if (m.promptRepeatCount && m.promptRepeatCount !== live.promptRepeatCount) return false;
  if (m.prompt && (live.prompt.mode !== m.prompt.mode || (live.prompt.text ?? "") !== m.prompt.text)) return false;
  const key = (a: { input: string; action: string; extensionId?: string; phoneNumber?: string }) =>
    `${a.input}|${a.action}|${a.extensionId ?? ""}|${a.phoneNumber ?? ""}`;
  const want = m.actions.map((a) =>
    key({ input: a.input, action: a.action, extensionId: a.extension && ref(a.extension), phoneNumber: a.phoneNumber }),
  );
  return same(sorted(want), sorted(live.actions.map(key)));
}

export function planSetup(setup: Setup, live: LiveAccount): Plan {
  const issues: string[] = [];
  const requests: PlannedRequest[] = [];
  // Paths shown decoded: ids are digits, and a placeholder reads `{queue:803}`, not `%7Bqueue%3A803%7D`.
  const add = (stage: number, summary: string, call: AdminCall) => {
    const described = describeCall(call);
    requests.push({ stage, summary, ...described, path: decodeURIComponent(described.path) });
  };
  const queues = new Map(live.queues.map((q) => [q.extensionNumber, q]));
  const menus = new Map(live.ivrMenus.map((m) => [m.extensionNumber, m]));
  const creating = new Set<string>();
  const ref = (n: string): string =>
    live.idByNumber[n] ??
    (setup.queues.some((q) => q.extensionNumber === n) ? `{queue:${n}}` : undefined) ??
    (setup.ivrMenus.some((m) => m.extensionNumber === n) ? `{ivr:${n}}` : "");
  const known = (n: string, where: string) => {
    if (ref(n) === "") issues.push(`${where}: no extension ${n} on the account or in the file`);
  };

  setup.queues.forEach((q, i) => {
    const liveQueue = queues.get(q.extensionNumber);
    const id = liveQueue?.id ?? `{queue:${q.extensionNumber}}`;
    if (!liveQueue) {
      if (live.idByNumber[q.extensionNumber]) {
        issues.push(`queues.${i}: extension ${q.extensionNumber} exists and is not a call queue`);
        return;
      }
      creating.add(q.extensionNumber);
      add(
        1,
        `create queue ${q.extensionNumber} ${q.name}`,
        c.createExtension({
          type: "Department",
          extensionNumber: q.extensionNumber,
          contact: { firstName: q.name },
        }),
      );
    } else if (liveQueue.name !== q.name) {
      add(2, `rename queue ${q.extensionNumber} to ${q.name}`, c.updateCallQueueInfo(id, { name: q.name }));
    }
    for (const [j, n] of q.members.entries()) known(n, `queues.${i}.members.${j}`);
    const wanted = q.members.map((n) => live.idByNumber[n] ?? "").filter(Boolean);
    const current = liveQueue?.memberIds ?? [];
    const added = wanted.filter((m) => !current.includes(m));
    const removed = current.filter((m) => !wanted.includes(m));
    if (added.length > 0 || removed.length > 0) {
      const body = {
        ...(added.length > 0 ? { addedExtensionIds: added } : {}),
        ...(removed.length > 0 ? { removedExtensionIds: removed } : {}),
      };
      add(
        2,
        `queue ${q.extensionNumber}: +${added.length} −${removed.length} members`,
        c.assignMultipleCallQueueMembers(id, body),
      );
    }
    if (q.overflow) {
      for (const [j, n] of q.overflow.queues.entries()) known(n, `queues.${i}.overflow.queues.${j}`);
      const targets = q.overflow.queues.map(ref);
      const liveOverflow = liveQueue?.overflow ?? { enabled: false, queueIds: [] };
      if (liveOverflow.enabled !== q.overflow.enabled || !same(liveOverflow.queueIds, targets)) {
        add(
          3,
          `queue ${q.extensionNumber}: overflow ${q.overflow.enabled ? "on" : "off"}`,
          c.updateCallQueueOverflowSettings(id, {
            enabled: q.overflow.enabled,
            items: targets.map((t) => ({ id: t })),
          }),
        );
      }
    }
  });

  setup.ivrMenus.forEach((m, i) => {
    for (const [j, a] of m.actions.entries())
      if (a.extension) known(a.extension, `ivrMenus.${i}.actions.${j}.extension`);
    const liveMenu = menus.get(m.extensionNumber);
    if (!liveMenu) {
      if (live.idByNumber[m.extensionNumber]) {
        issues.push(`ivrMenus.${i}: extension ${m.extensionNumber} exists and is not an IVR menu`);
        return;
      }
      add(4, `create IVR menu ${m.extensionNumber} ${m.name}`, c.createIVRMenu(ivrBody(m, ref)));
    } else if (!ivrMatches(m, liveMenu, ref)) {
      add(4, `update IVR menu ${m.extensionNumber}`, c.updateIVRMenu(liveMenu.id, ivrBody(m, ref)));
    }
  });

  if (setup.businessHours && !same(normaliseHours(setup.businessHours), normaliseHours(live.businessHours))) {
    const weeklyRanges = normaliseHours(setup.businessHours);
    add(5, "company business hours", c.updateCompanyBusinessHours({ schedule: { weeklyRanges } }));
  }

  const numbers = new Map(live.numbers.map((n) => [n.phoneNumber, n]));
  for (const [i, n] of setup.phoneNumbers.entries()) {
    const liveNumber = numbers.get(n.phoneNumber);
    if (!liveNumber) {
      issues.push(`phoneNumbers.${i}: ${n.phoneNumber} is not a number of the account`);
      continue;
    }
    if (liveNumber.usageType === "MainCompanyNumber") {
      issues.push(`phoneNumbers.${i}: ${n.phoneNumber} is the main company number`);
      continue;
    }
    if (n.extension === null) {
      if (liveNumber.usageType !== "CompanyNumber" || liveNumber.extensionId) {
        add(6, `release ${n.phoneNumber}`, c.assignPhoneNumberV2(liveNumber.id, { usageType: "CompanyNumber" }));
      }
      continue;
    }
    known(n.extension, `phoneNumbers.${i}.extension`);
    const target = ref(n.extension);
    if (liveNumber.usageType !== "DirectNumber" || liveNumber.extensionId !== target) {
      add(
        6,
        `assign ${n.phoneNumber} to ${n.extension}`,
        c.assignPhoneNumberV2(liveNumber.id, {
          usageType: "DirectNumber",
          extension: { id: target },
        }),
      );
    }
  }

  if (issues.length > 0) return { ok: false, issues };
  requests.sort((a, b) => a.stage - b.stage);
  return { ok: true, requests };
}

/** The live account as a setup file: planning it against the same account yields no requests. */
export function exportSetup(live: LiveAccount): Setup {
  const numberOf = new Map(Object.entries(live.idByNumber).map(([n, id]) => [id, n]));
  const num = (id: string) => numberOf.get(id) ?? "";
  const byNumber = <T extends { extensionNumber: string }>(a: T, b: T) =>
    a.extensionNumber.localeCompare(b.extensionNumber);
  return {
    queues: [...live.queues].sort(byNumber).map((q) => ({
      extensionNumber: q.extensionNumber,
      name: q.name,
      members: sorted(q.memberIds.map(num).filter(Boolean)),
      overflow: { enabled: q.overflow.enabled, queues: q.overflow.queueIds.map(num).filter(Boolean) },
    })),
    ivrMenus: [...live.ivrMenus].sort(byNumber).map((m) => ({
      extensionNumber: m.extensionNumber,
      name: m.name,
      promptRepeatCount: m.promptRepeatCount === 2 ? 2 : m.promptRepeatCount === 3 ? 3 : 1,
      ...(m.prompt.mode === "TextToSpeech"
        ? { prompt: { mode: "TextToSpeech" as const, text: m.prompt.text ?? "" } }
        : {}),
      actions: [...m.actions]
        .sort((a, b) => a.input.localeCompare(b.input))
        .map((a) => ({
          input: a.input as SetupIvr["actions"][number]["input"],
          action: a.action as SetupIvr["actions"][number]["action"],
          ...(a.extensionId ? { extension: num(a.extensionId) } : {}),
          ...(a.phoneNumber !== undefined ? { phoneNumber: a.phoneNumber } : {}),
        })),
    })),
    businessHours: normaliseHours(live.businessHours),
    phoneNumbers: live.numbers
      .filter((n) => n.usageType === "DirectNumber" || n.usageType === "CompanyNumber")
      .sort((a, b) => a.phoneNumber.localeCompare(b.phoneNumber))
      .map((n) => ({
        phoneNumber: n.phoneNumber,
        extension: n.usageType === "DirectNumber" && n.extensionId ? num(n.extensionId) || null : null,
      })),
  };
}
