import type { AdminState, IvrMenu, PhoneNumber, Queue, WeeklyRanges } from "./admin-state.ts";
import type { DirectoryState } from "./state.ts";

/** Renderers of the admin resources in the spec's shapes; `base` is the host the client reached us on. */
export type ViewContext = { base: string; accountId: string; dir: DirectoryState; admin: AdminState };

const accountUri = (v: ViewContext) => `${v.base}/restapi/v1.0/account/${v.accountId}`;
export const extensionUri = (v: ViewContext, id: string) => `${accountUri(v)}/extension/${id}`;

/** GetExtensionInfoResponse / GetExtensionListInfoResponse for a queue (type Department). */
export function queueExtensionJson(v: ViewContext, q: Queue, full: boolean): Record<string, unknown> {
  const json: Record<string, unknown> = {
    uri: extensionUri(v, q.id),
    id: Number(q.id),
    extensionNumber: q.extensionNumber,
    contact: { firstName: q.name, email: q.email },
    name: q.name,
    type: "Department",
    status: q.status,
    hidden: false,
    creationTime: q.creationTime,
    callQueueInfo: {
      slaGoal: q.slaGoal,
      slaThresholdSeconds: q.slaThresholdSeconds,
      includeAbandonedCalls: q.includeAbandonedCalls,
      abandonedThresholdSeconds: q.abandonedThresholdSeconds,
    },
  };
  if (full) json.account = { uri: accountUri(v), id: v.accountId };
  return json;
}

export function ivrExtensionJson(v: ViewContext, m: IvrMenu): Record<string, unknown> {
  return {
    uri: extensionUri(v, m.id),
    id: Number(m.id),
    extensionNumber: m.extensionNumber,
    contact: { firstName: m.name },
    name: m.name,
    type: "IvrMenu",
    status: "Enabled",
    hidden: false,
  };
}

/** CallQueueInfo (list record). */
export function queueInfoJson(v: ViewContext, q: Queue): Record<string, unknown> {
  return {
    uri: `${accountUri(v)}/call-queues/${q.id}`,
    id: q.id,
    extensionNumber: q.extensionNumber,
    name: q.name,
    status: q.status === "Frozen" ? "Disabled" : q.status,
  };
}

/** CallQueueDetails. */
export function queueDetailsJson(v: ViewContext, q: Queue): Record<string, unknown> {
  return {
    ...queueInfoJson(v, q),
    serviceLevelSettings: {
      slaGoal: q.slaGoal,
      slaThresholdSeconds: q.slaThresholdSeconds,
      includeAbandonedCalls: q.includeAbandonedCalls,
      abandonedThresholdSeconds: q.abandonedThresholdSeconds,
    },
    editableMemberStatus: q.editableMemberStatus,
    alertTimer: q.alertTimer,
  };
}

export function extensionNumberOf(v: ViewContext, id: string): string {
  return (
    v.dir.extensions.find((e) => e.id === id)?.extensionNumber ??
    v.admin.queues.get(id)?.extensionNumber ??
    v.admin.ivrMenus.get(id)?.extensionNumber ??
    ""
  );
}

export function nameOf(v: ViewContext, id: string): string {
  return v.dir.extensions.find((e) => e.id === id)?.name ?? v.admin.queues.get(id)?.name ?? "";
}

/** CallQueuePresence: every member with whether they take this queue's calls. */
export function queuePresenceJson(v: ViewContext, q: Queue): Record<string, unknown> {
  return {
    records: q.members.map((id) => ({
      member: {
        id,
        name: nameOf(v, id),
        extensionNumber: extensionNumberOf(v, id),
        site: { id: "main-site", name: "Main Site" },
      },
      acceptQueueCalls: v.dir.presence.get(id)?.acceptCallQueueCalls ?? true,
      acceptCurrentQueueCalls: !q.notAccepting.has(id),
    })),
  };
}

/** CallQueueOverflowSettings: the target queues as CallQueueInfo. */
export function overflowJson(v: ViewContext, q: Queue): Record<string, unknown> {
  return {
    enabled: q.overflow.enabled,
    items: q.overflow.items.flatMap((id) => {
      const target = v.admin.queues.get(id);
      return target ? [queueInfoJson(v, target)] : [];
    }),
  };
}

/** IvrMenuInfo. */
export function ivrMenuJson(v: ViewContext, m: IvrMenu): Record<string, unknown> {
  const prompt: Record<string, unknown> = { mode: m.prompt.mode };
  if (m.prompt.text !== undefined) prompt.text = m.prompt.text;
  if (m.prompt.audio)
    prompt.audio = { id: m.prompt.audio.id, uri: `${accountUri(v)}/ivr-prompts/${m.prompt.audio.id}` };
  return {
    id: m.id,
    uri: `${accountUri(v)}/ivr-menus/${m.id}`,
    name: m.name,
    extensionNumber: m.extensionNumber,
    promptRepeatCount: m.promptRepeatCount,
    site: { id: "main-site", name: "Main Site" },
    prompt,
    actions: m.actions.map((a) => {
      const out: Record<string, unknown> = { input: a.input, action: a.action };
      if (a.extension) {
        out.extension = { id: a.extension.id, uri: extensionUri(v, a.extension.id), name: nameOf(v, a.extension.id) };
      }
      if (a.phoneNumber !== undefined) out.phoneNumber = a.phoneNumber;
      return out;
    }),
  };
}

function numberExtension(v: ViewContext, n: PhoneNumber): Record<string, unknown> | undefined {
  if (!n.extensionId) return undefined;
  return {
    id: Number(n.extensionId),
    uri: extensionUri(v, n.extensionId),
    extensionNumber: extensionNumberOf(v, n.extensionId),
    name: nameOf(v, n.extensionId),
  };
}

/** CompanyPhoneNumberInfo (v1.0). Inventory numbers are not listed in v1.0 (v2 only). */
export function companyNumberJson(v: ViewContext, n: PhoneNumber): Record<string, unknown> {
  const json: Record<string, unknown> = {
    uri: `${accountUri(v)}/phone-number/${n.id}`,
    id: Number(n.id),
    phoneNumber: n.phoneNumber,
    paymentType: n.paymentType,
    status: n.status,
    type: n.type,
    usageType: n.usageType,
    primary: n.usageType === "MainCompanyNumber",
  };
  if (n.label !== undefined) json.label = n.label;
  const extension = numberExtension(v, n);
  if (extension) json.extension = extension;
  return json;
}

/** UserPhoneNumberInfo. */
export function userNumberJson(v: ViewContext, n: PhoneNumber): Record<string, unknown> {
  const { extension, ...rest } = companyNumberJson(v, n);
  const ext = extension as Record<string, unknown> | undefined;
  return { ...rest, extension: ext && { id: ext.id, uri: ext.uri, extensionNumber: ext.extensionNumber } };
}

/** AccountPhoneNumberInfo (v2): string ids, `tollType`, `extension{id, extensionNumber}`. */
export function accountNumberJson(v: ViewContext, n: PhoneNumber): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: n.id,
    phoneNumber: n.phoneNumber,
    type: n.type,
    tollType: n.paymentType === "TollFree" ? "TollFree" : "Toll",
    usageType: n.usageType,
    status: n.status,
    byocNumber: false,
    primary: n.usageType === "MainCompanyNumber",
  };
  if (n.label !== undefined) json.label = n.label;
  if (n.extensionId) {
    json.extension = { id: n.extensionId, extensionNumber: extensionNumberOf(v, n.extensionId) };
  }
  return json;
}

export function hoursJson(uri: string, ranges: WeeklyRanges): Record<string, unknown> {
  return { uri, schedule: { weeklyRanges: structuredClone(ranges) } };
}
