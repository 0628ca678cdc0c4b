import { DEMO_AGENTS } from "../shared/demo-team.ts";
import { Sequence } from "./ids.ts";
import { type DirectoryState, extensionIdFor } from "./state.ts";

/**
 * The phone-system side of the sandbox account (platforms/ringcentral.md §3.6–3.9 and the spec's CallQueueDetails,
 * IvrMenuInfo, CompanyPhoneNumberInfo, CompanyBusinessHours): call queues (extensions of type Department), IVR menus
 * (type IvrMenu), prompts, phone numbers, business hours and answering rules.
 */

export const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export type TimeInterval = { from: string; to: string };
export type WeeklyRanges = Partial<Record<Weekday, TimeInterval[]>>;

export type ExtensionStatus = "Enabled" | "Disabled" | "NotActivated" | "Unassigned" | "Frozen";

export type Queue = {
  id: string;
  extensionNumber: string;
  name: string;
  status: ExtensionStatus;
  email: string;
  creationTime: string;
  slaGoal: number;
  slaThresholdSeconds: number;
  includeAbandonedCalls: boolean;
  abandonedThresholdSeconds: number;
  editableMemberStatus: boolean;
  alertTimer: number;
  /** Member extension ids, in the order they were added. */
  members: string[];
  /** Members who do not take this queue's calls (queue presence `acceptCurrentQueueCalls: false`). */
  notAccepting: Set<string>;
  overflow: { enabled: boolean; items: string[] };
};

export type IvrAction = {
  input: string;
  action: string;
  extension?: { id: string };
  phoneNumber?: string;
};

export type IvrMenu = {
  id: string;
  extensionNumber: string;
  name: string;
  promptRepeatCount: 1 | 2 | 3;
  prompt: { mode: "Audio" | "TextToSpeech"; text?: string; audio?: { id: string } };
  actions: IvrAction[];
};

export type Prompt = { id: string; filename: string; contentType: string; bytes: Buffer };

export type PhoneNumber = {
  id: string;
  phoneNumber: string;
  type: "VoiceFax" | "VoiceOnly" | "FaxOnly";
  usageType: "MainCompanyNumber" | "CompanyNumber" | "DirectNumber" | "ContactCenterNumber" | "Inventory";
  status: "Normal";
  paymentType: "Local" | "TollFree";
  label?: string;
  /** Assigned extension, for DirectNumber. */
  extensionId?: string;
};

export type AnsweringRule = { id: string; ownerId: string | null; fields: Record<string, unknown> };

export type AdminState = {
  queues: Map<string, Queue>;
  ivrMenus: Map<string, IvrMenu>;
  prompts: Map<string, Prompt>;
  numbers: Map<string, PhoneNumber>;
  companyHours: WeeklyRanges;
  extensionHours: Map<string, WeeklyRanges>;
  /** Status of user extensions (absent = Enabled). */
  userStatus: Map<string, ExtensionStatus>;
  rules: AnsweringRule[];
  seq: { extension: Sequence; number: Sequence; prompt: Sequence; rule: Sequence };
};

const NINE_TO_FIVE: WeeklyRanges = Object.fromEntries(
  WEEKDAYS.slice(0, 5).map((d) => [d, [{ from: "09:00", to: "17:00" }]]),
);

export function createAdminState(dir: DirectoryState, mainNumber: string): AdminState {
  const state: AdminState = {
    queues: new Map(),
    ivrMenus: new Map(),
    prompts: new Map(),
    numbers: new Map(),
    companyHours: {},
    extensionHours: new Map(),
    userStatus: new Map(),
    rules: [],
    seq: {
      extension: new Sequence(6_300_000_004n),
      number: new Sequence(1_110_000_004n),
      prompt: new Sequence(4_450_000_004n),
      rule: new Sequence(8_800_000_004n),
    },
  };
  seedAdmin(state, dir, mainNumber);
  return state;
}

export function newQueue(id: string, extensionNumber: string, name: string, created: string): Queue {
  return {
    id,
    extensionNumber,
    name,
    status: "Enabled",
    email: `queue${extensionNumber}@switchboard.demo`,
    creationTime: created,
    slaGoal: 80,
    slaThresholdSeconds: 30,
    includeAbandonedCalls: true,
    abandonedThresholdSeconds: 10,
    editableMemberStatus: true,
    alertTimer: 30,
    members: [],
    notAccepting: new Set(),
    overflow: { enabled: false, items: [] },
  };
}

/** Two queues (Support, Sales), a main IVR routing to them, the demo team's direct numbers, 9–5 weekdays. */
export function seedAdmin(state: AdminState, dir: DirectoryState, mainNumber: string): void {
  const created = "2024-01-02T09:00:00.000Z";
  state.queues = new Map();
  const ids = DEMO_AGENTS.map((a) => extensionIdFor(a.extensionNumber));
  const support = newQueue(extensionIdFor("801"), "801", "Support", created);
  support.members = ids.slice(0, 4);
  const sales = newQueue(extensionIdFor("802"), "802", "Sales", created);
  sales.members = ids.slice(4, 7);
  state.queues.set(support.id, support);
  state.queues.set(sales.id, sales);
  state.ivrMenus = new Map([
    [
      extensionIdFor("901"),
      {
        id: extensionIdFor("901"),
        extensionNumber: "901",
        name: "Main menu",
        promptRepeatCount: 2,
        prompt: { mode: "TextToSpeech", text: "Press 1 for support, 2 for sales." },
        actions: [
          { input: "1", action: "Connect", extension: { id: support.id } },
          { input: "2", action: "Connect", extension: { id: sales.id } },
          { input: "0", action: "ConnectToOperator" },
        ],
      },
    ],
  ]);
  state.prompts = new Map();
  state.numbers = new Map();
  const addNumber = (n: Omit<PhoneNumber, "id" | "status" | "type" | "paymentType">) => {
    const id = state.seq.number.next();
    state.numbers.set(id, { id, status: "Normal", type: "VoiceFax", paymentType: "Local", ...n });
  };
  addNumber({ phoneNumber: mainNumber, usageType: "MainCompanyNumber", label: "Main" });
  for (const ext of dir.extensions)
    addNumber({ phoneNumber: ext.phone, usageType: "DirectNumber", extensionId: ext.id });
  for (let i = 0; i < 4; i++) addNumber({ phoneNumber: `+1650555${2001 + i}`, usageType: "CompanyNumber" });
  state.companyHours = structuredClone(NINE_TO_FIVE);
  state.extensionHours = new Map();
  state.userStatus = new Map();
  state.rules = [];
}

/** Any extension of the account by id: users, queues and IVR menus share one id space. */
export function extensionKind(
  state: AdminState,
  dir: DirectoryState,
  id: string,
): "User" | "Department" | "IvrMenu" | undefined {
  if (dir.extensions.some((e) => e.id === id)) return "User";
  if (state.queues.has(id)) return "Department";
  if (state.ivrMenus.has(id)) return "IvrMenu";
  return undefined;
}

export function extensionNumberTaken(state: AdminState, dir: DirectoryState, number: string, except?: string): boolean {
  const all = [
    ...dir.extensions.map((e) => [e.id, e.extensionNumber] as const),
    ...[...state.queues.values()].map((q) => [q.id, q.extensionNumber] as const),
    ...[...state.ivrMenus.values()].map((m) => [m.id, m.extensionNumber] as const),
  ];
  return all.some(([id, n]) => n === number && id !== except);
}
