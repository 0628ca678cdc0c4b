import { DEMO_AGENTS, DEMO_CUSTOMERS } from "../shared/demo-team.ts";
import { Sequence } from "./ids.ts";

export type UserStatus = "Offline" | "Busy" | "Available";
export type DndStatus =
  | "TakeAllCalls"
  | "DoNotAcceptDepartmentCalls"
  | "TakeDepartmentCallsOnly"
  | "DoNotAcceptAnyCalls"
  | "Unknown";
export type TelephonyStatus = "NoCall" | "CallConnected" | "Ringing" | "OnHold" | "ParkedCall";

export type Extension = {
  id: string;
  extensionNumber: string;
  name: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  deviceId: string;
  creationTime: string;
};

export type Presence = {
  userStatus: UserStatus;
  dndStatus: DndStatus;
  dndStatusPersonal: "TakeAllCalls" | "DoNotAcceptAnyCalls" | "Unknown";
  message: string;
  allowSeeMyPresence: boolean;
  ringOnMonitoredCall: boolean;
  pickUpCallsOnHold: boolean;
  callerIdVisibility: "All" | "None" | "PermittedUsers";
  acceptCallQueueCalls: boolean;
  meetingStatus: "Connected" | "Disconnected";
  /** Increases with every presence notification (the body's `sequence`). */
  sequence: number;
};

/** A personal address-book contact: `fields` holds PersonalContactResource's own fields as sent. */
export type Contact = { id: string; ownerId: string; fields: Record<string, unknown> };

export type Chat = {
  id: string;
  type: "Direct" | "Personal" | "Group";
  memberIds: string[];
  /** Sorted member ids: conversations are defined by their member set. */
  key: string;
  createdAt: number;
  modifiedAt: number;
};

export type Post = {
  id: string;
  chatId: string;
  creatorId: string;
  text: string;
  attachments: unknown[] | null;
  parentPostId?: string;
  threadId?: string;
  createdAt: number;
  modifiedAt: number;
};

export type Recording = {
  id: string;
  telephonySessionId: string;
  durationSec: number;
  availableAt: number;
  /** A caller's voicemail on a missed call (the voicemail script), not a recorded conversation. */
  voicemail?: boolean;
};

/** Extension ids are numeric strings with the extension number inside (101 → "6200101004"), easy to read in logs. */
export function extensionIdFor(extensionNumber: string): string {
  return `6200${extensionNumber}004`;
}

export type DirectoryState = {
  accountId: string;
  extensions: Extension[];
  presence: Map<string, Presence>;
  contacts: Contact[];
  chats: Map<string, Chat>;
  posts: Post[];
  /** People outside the account who were added to a conversation by email (guest persons). */
  guests: Map<string, string>;
  /** Posts per creator per UTC day, for the documented 2,500/day limit. */
  postCounts: Map<string, number>;
  recordings: Map<string, Recording>;
  seq: { chat: Sequence; post: Sequence; contact: Sequence; recording: Sequence; person: Sequence };
};

export function initialPresence(): Presence {
  return {
    userStatus: "Available",
    dndStatus: "TakeAllCalls",
    dndStatusPersonal: "TakeAllCalls",
    message: "",
    allowSeeMyPresence: true,
    ringOnMonitoredCall: false,
    pickUpCallsOnHold: false,
    callerIdVisibility: "All",
    acceptCallQueueCalls: true,
    meetingStatus: "Disconnected",
    sequence: 1,
  };
}

export function createDirectory(accountId: string): DirectoryState {
  const state: DirectoryState = {
    accountId,
    extensions: [],
    presence: new Map(),
    contacts: [],
    chats: new Map(),
    posts: [],
    guests: new Map(),
    postCounts: new Map(),
    recordings: new Map(),
    seq: {
      chat: new Sequence(995_723_345_000n),
      post: new Sequence(26_848_769_679_000n),
      contact: new Sequence(623_045_004n),
      recording: new Sequence(1_662_272_004n),
      person: new Sequence(7_700_000_001n),
    },
  };
  seedDirectory(state);
  return state;
}

/** Back to the demo team: everyone Available / TakeAllCalls, demo customers in every address book. */
export function seedDirectory(state: DirectoryState): void {
  const created = "2024-01-02T09:00:00.000Z";
  state.extensions = DEMO_AGENTS.map((agent) => {
    const [firstName = agent.name, ...rest] = agent.name.split(" ");
    return {
      id: extensionIdFor(agent.extensionNumber),
      extensionNumber: agent.extensionNumber,
      name: agent.name,
      firstName,
      lastName: rest.join(" "),
      email: agent.email,
      phone: agent.phone,
      deviceId: `80${agent.extensionNumber}0016`,
      creationTime: created,
    };
  });
  state.presence = new Map(state.extensions.map((e) => [e.id, initialPresence()]));
  state.contacts = [];
  for (const ext of state.extensions) {
    for (const customer of DEMO_CUSTOMERS) {
      const [firstName = customer.name, ...rest] = customer.name.split(" ");
      state.contacts.push({
        id: state.seq.contact.next(),
        ownerId: ext.id,
        fields: { firstName, lastName: rest.join(" "), email: customer.email, mobilePhone: customer.phone },
      });
    }
  }
  state.chats = new Map();
  state.posts = [];
  state.guests = new Map();
  state.postCounts = new Map();
  state.recordings = new Map();
}

/** Scenario routes accept an extension id, an extension number or the direct phone number. */
export function findExtension(state: DirectoryState, ref: string): Extension | undefined {
  const trimmed = ref.trim();
  return state.extensions.find(
    (e) => e.id === trimmed || e.extensionNumber === trimmed || digits(e.phone) === digits(trimmed),
  );
}

export function digits(value: string): string {
  return value.replace(/\D/g, "");
}
