import type { PlatformId } from "./platform.ts";

/**
 * Platform-neutral events. `platforms/<p>/map.ts` turns a verified webhook into one of these (or `ignored`);
 * nothing past `platforms/` ever sees a platform payload. Times are ISO-8601 strings; ids are the platform's own.
 */
export type ChatPlatformId = Exclude<PlatformId, "ringcentral">;

export type AuthorType = "agent" | "customer" | "bot" | "system";

export type ChatMessage = {
  id: string;
  authorId: string;
  authorType: AuthorType;
  text: string;
  at: string;
  /** Chatwoot private notes; never shown to the customer. */
  private?: boolean;
};

export type CustomerRef = {
  platformId?: string;
  name?: string;
  email?: string;
  phone?: string;
};

/** RingCentral telephony party status codes (platforms/ringcentral.md §2.2). */
export type TelephonyStatus =
  | "Setup"
  | "Proceeding"
  | "Answered"
  | "Hold"
  | "Parked"
  | "Disconnected"
  | "Gone"
  | "VoiceMail"
  | "FaxReceive"
  | "VoiceMailScreening";

export type DomainEvent =
  | {
      type: "chat.started";
      platform: ChatPlatformId;
      chatId: string;
      threadId?: string;
      /** Platform agent ids (LiveChat: email; Chatwoot: user id as string). */
      agentIds: string[];
      customer: CustomerRef;
      messages: ChatMessage[];
      at: string;
    }
  | { type: "chat.message"; platform: ChatPlatformId; chatId: string; threadId?: string; message: ChatMessage }
  | { type: "chat.ended"; platform: ChatPlatformId; chatId: string; threadId?: string; at: string }
  | { type: "chat.assigned"; platform: ChatPlatformId; chatId: string; agentIds: string[]; at: string }
  | {
      type: "conversation.status_changed";
      platform: "chatwoot";
      chatId: string;
      status: "open" | "pending" | "snoozed" | "resolved";
      at: string;
    }
  | {
      type: "call.updated";
      platform: "ringcentral";
      telephonySessionId: string;
      sessionId?: string;
      partyId: string;
      extensionId?: string;
      accountId?: string;
      direction: "Inbound" | "Outbound";
      status: TelephonyStatus;
      /** Phone numbers as sent (not yet normalised). */
      from?: string;
      to?: string;
      fromName?: string;
      toName?: string;
      missedCall?: boolean;
      sequence: number;
      at: string;
    }
  | {
      type: "presence.changed";
      platform: "ringcentral";
      extensionId: string;
      userStatus?: "Offline" | "Busy" | "Available";
      dndStatus?: "TakeAllCalls" | "DoNotAcceptAnyCalls" | "DoNotAcceptDepartmentCalls" | "TakeDepartmentCallsOnly";
      presenceStatus?: string;
      telephonyStatus?: string;
      sequence?: number;
      at: string;
    }
  | {
      type: "agent.routing_status_changed";
      platform: "livechat";
      agentId: string;
      status: "accepting_chats" | "not_accepting_chats" | "offline";
      at: string;
    }
  | {
      type: "agent.availability_changed";
      platform: "chatwoot";
      agentId: string;
      status: "online" | "busy" | "offline";
      at: string;
    }
  | { type: "customer.updated"; platform: ChatPlatformId; customer: CustomerRef; at: string };

export type DomainEventType = DomainEvent["type"];

/** What a mapper returns for a well-formed payload. */
export type MapOutcome = { kind: "event"; event: DomainEvent } | { kind: "ignored"; reason: string };
