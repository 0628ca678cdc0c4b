import { type AdminCall, adminCalls as c } from "./calls.ts";
import { type AdminTarget, mustSend } from "./gateway.ts";
import type { LiveAccount, LiveIvr, LiveQueue } from "./setup.ts";

/** Page limit for any list walked here (defensive against a server that keeps offering pages). */
const MAX_PAGES = 200;

type Page = { records: Record<string, unknown>[]; paging?: { page?: number; totalPages?: number } };

async function allPages(
  target: AdminTarget,
  build: (page: number) => AdminCall<Page>,
  maxWaitMs?: number,
): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const res = await mustSend(target, build(page), maxWaitMs);
    out.push(...res.records);
    const total = res.paging?.totalPages ?? 1;
    if (page >= total || res.records.length === 0) break;
  }
  return out;
}

const str = (v: unknown): string => (v === undefined || v === null ? "" : String(v));
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === "object" ? (v as Record<string, unknown>) : {});

/**
 * Reads what plan/apply/export manage: every extension (number ↔ id), the call queues with members and overflow,
 * the IVR menus, company business hours and the account's numbers (v2, inventory included). All through the
 * shared rate budget; `maxWaitMs` lets a job wait out a spent group instead of failing.
 */
export async function readLiveAccount(
  target: AdminTarget,
  options: { maxWaitMs?: number; overflowOf?: (extensionNumber: string) => boolean } = {},
): Promise<LiveAccount> {
  const { maxWaitMs } = options;
  const idByNumber: Record<string, string> = {};
  const extensions = await allPages(target, (page) => c.listExtensions({ page, perPage: 1000 }), maxWaitMs);
  for (const e of extensions) if (e.extensionNumber) idByNumber[str(e.extensionNumber)] = str(e.id);

  const queues: LiveQueue[] = [];
  const queueList = await allPages(target, (page) => c.listCallQueues({ page, perPage: 1000 }), maxWaitMs);
  for (const q of queueList) {
    const id = str(q.id);
    const members = await allPages(target, (page) => c.listCallQueueMembers(id, { page, perPage: 1000 }), maxWaitMs);
    // Overflow settings are Heavy (10 a minute): read only where the caller needs them (plan: queues that set one).
    const wanted = options.overflowOf?.(str(q.extensionNumber)) ?? true;
    const overflow = wanted ? await mustSend(target, c.getCallQueueOverflowSettings(id), maxWaitMs) : {};
    queues.push({
      id,
      extensionNumber: str(q.extensionNumber),
      name: str(q.name),
      memberIds: members.map((m) => str(m.id)),
      overflow: { enabled: overflow.enabled ?? false, queueIds: (overflow.items ?? []).map((i) => str(i.id)) },
    });
  }

  const ivrMenus: LiveIvr[] = [];
  const menuList = await mustSend(target, c.readIvrMenuList(), maxWaitMs);
  for (const m of menuList.records) {
    const menu = await mustSend(target, c.readIVRMenu(str(m.id)), maxWaitMs);
    ivrMenus.push({
      id: str(menu.id),
      extensionNumber: str(menu.extensionNumber),
      name: str(menu.name),
      promptRepeatCount: menu.promptRepeatCount ?? 1,
      prompt: { mode: menu.prompt?.mode ?? "TextToSpeech", text: menu.prompt?.text },
      actions: (menu.actions ?? []).map((a) => ({
        input: a.input,
        action: a.action,
        ...(a.extension ? { extensionId: str(a.extension.id) } : {}),
        ...(a.phoneNumber !== undefined ? { phoneNumber: a.phoneNumber } : {}),
      })),
    });
  }

  const hours = await mustSend(target, c.readCompanyBusinessHours(), maxWaitMs);
  const numbers = await allPages(target, (page) => c.listAccountPhoneNumbersV2({ page, perPage: 1000 }), maxWaitMs);
  return {
    idByNumber,
    queues,
    ivrMenus,
    businessHours: obj(hours.schedule?.weeklyRanges),
    numbers: numbers.map((n) => ({
      id: str(n.id),
      phoneNumber: str(n.phoneNumber),
      usageType: str(n.usageType),
      ...(obj(n.extension).id !== undefined ? { extensionId: str(obj(n.extension).id) } : {}),
    })),
  };
}
