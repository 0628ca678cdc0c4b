import { z } from "zod";
import type { HttpRequest, RawResponse } from "../../lib/http-client.ts";
import type {
  CallLogPage,
  CallSession,
  Contact,
  ContactPage,
  Conversation,
  ExtensionPage,
  Post,
  Presence,
  Recording,
  Subscription,
} from "./client-schemas.ts";
import {
  callLogPageSchema,
  callSessionSchema,
  contactPageSchema,
  contactSchema,
  conversationSchema,
  extensionPageSchema,
  postSchema,
  presenceSchema,
  recordingSchema,
  type SmsMessage,
  smsMessageSchema,
  subscriptionListSchema,
  subscriptionSchema,
} from "./client-schemas.ts";
import type { Query } from "./client-support.ts";
import { seg } from "./client-support.ts";
import type { RateGroup, RatePriority } from "./rate-limiter.ts";

/**
 * The REST calls we make, as data: method, path, usage-plan group (the spec's `x-throttling-group`) and the
 * response schema. RingcentralClient sends them; keeping them pure makes the group tagging testable.
 */
export type Call<T> = {
  method: HttpRequest["method"];
  /** A path under the base URL, or an absolute URL (recordings). */
  path: string;
  group: RateGroup;
  query?: Query;
  body?: unknown;
  /** Validates what `select` extracts from the response (default: its JSON body). */
  schema: z.ZodType<T>;
  select?: (res: RawResponse & { bytes?: Uint8Array }) => unknown;
  /** Only the token endpoint uses Basic client credentials; everything else the bearer token. */
  auth?: "basic";
  binary?: boolean;
  /**
   * Who goes first when the group's budget is short (default "read"): presence is "availability"; Team Messaging
   * and address-book writes are "messaging" and may not use the last quarter of the group's budget, so presence
   * changes, which share the Medium group, never queue behind chat mirroring.
   */
  priority?: RatePriority;
};

export type UserStatus = "Offline" | "Busy" | "Available";
export type DndStatus =
  | "TakeAllCalls"
  | "DoNotAcceptDepartmentCalls"
  | "TakeDepartmentCallsOnly"
  | "DoNotAcceptAnyCalls";
export type Scope = { extensionId?: string; accountWide?: boolean };
export type Paging = { page?: number; perPage?: number };
export type ConversationMember = { email: string } | { id: string };
export type ContactInput = {
  firstName?: string;
  lastName?: string;
  company?: string;
  email?: string;
  businessPhone?: string;
  mobilePhone?: string;
  homePhone?: string;
  notes?: string;
};

const ACCOUNT = "/restapi/v1.0/account/~";
const ext = (extensionId: string | undefined) => `${ACCOUNT}/extension/${seg(extensionId ?? "~")}`;
const scoped = (scope: Scope) => (scope.accountWide ? ACCOUNT : ext(scope.extensionId));

export const getPresence = (extensionId: string, detailed: boolean): Call<Presence> => ({
  method: "GET",
  path: `${ext(extensionId)}/presence`,
  group: "Light",
  priority: "availability",
  query: { detailedTelephonyState: detailed || undefined },
  schema: presenceSchema,
});

export const updatePresence = (
  extensionId: string,
  update: { userStatus?: UserStatus; dndStatus?: DndStatus },
): Call<Presence> => ({
  method: "PUT",
  path: `${ext(extensionId)}/presence`,
  group: "Medium",
  priority: "availability",
  body: update,
  schema: presenceSchema,
});

export const getTelephonySession = (telephonySessionId: string): Call<CallSession> => ({
  method: "GET",
  path: `${ACCOUNT}/telephony/sessions/${seg(telephonySessionId)}`,
  group: "Light",
  schema: callSessionSchema,
});

export const listActiveCalls = (scope: Scope & Paging): Call<CallLogPage> => ({
  method: "GET",
  path: `${scoped(scope)}/active-calls`,
  group: "Heavy",
  query: { page: scope.page, perPage: scope.perPage },
  schema: callLogPageSchema,
});

export const getCallLogBySession = (
  telephonySessionId: string,
  options: Scope & { view?: "Simple" | "Detailed" },
): Call<CallLogPage> => ({
  method: "GET",
  path: `${scoped(options)}/call-log`,
  group: "Heavy",
  // Call logs default to the last 24 h; recordings of every type must be listed for the recording recipe.
  query: { telephonySessionId, view: options.view, recordingType: "All" },
  schema: callLogPageSchema,
});

/**
 * Every call-log record in a time window (by call start): one Heavy request covers every call of the window,
 * where asking per call spent the Heavy budget (10 a minute) on one call each. Records include their recording.
 */
export const listCallLog = (
  window: { dateFrom: string; dateTo: string },
  options: Scope & Paging & { view?: "Simple" | "Detailed" },
): Call<CallLogPage> => ({
  method: "GET",
  path: `${scoped(options)}/call-log`,
  group: "Heavy",
  query: {
    dateFrom: window.dateFrom,
    dateTo: window.dateTo,
    view: options.view,
    perPage: options.perPage,
    page: options.page,
  },
  schema: callLogPageSchema,
});

export const downloadRecording = (url: string): Call<Recording> => ({
  method: "GET",
  path: url,
  group: "Heavy",
  binary: true,
  select: (res) => ({ contentType: res.headers.get("content-type") ?? "application/octet-stream", bytes: res.bytes }),
  schema: recordingSchema,
});

/** 200 when the member set already had a conversation, 201 when it was created (idempotent by members). */
export const findOrCreateConversation = (
  members: ConversationMember[],
): Call<{ created: boolean; conversation: Conversation }> => ({
  method: "POST",
  path: "/team-messaging/v1/conversations",
  group: "Medium",
  priority: "messaging",
  body: { members },
  select: (res) => ({ created: res.status === 201, conversation: res.json }),
  schema: z.object({ created: z.boolean(), conversation: conversationSchema }),
});

export const createPost = (
  chatId: string,
  post: { text: string; threadId?: string; parentPostId?: string },
): Call<Post> => ({
  method: "POST",
  path: `/team-messaging/v1/chats/${seg(chatId)}/posts`,
  group: "Medium",
  priority: "messaging",
  body: post,
  schema: postSchema,
});

/** Sends an SMS from the authorised user's extension (`from` must be one of the account's SMS-capable numbers). */
export const sendSms = (sms: { from: string; to: string; text: string }): Call<SmsMessage> => ({
  method: "POST",
  path: "/restapi/v1.0/account/~/extension/~/sms",
  group: "Medium",
  priority: "messaging",
  body: { from: { phoneNumber: sms.from }, to: [{ phoneNumber: sms.to }], text: sms.text },
  schema: smsMessageSchema,
});

export const updatePost = (chatId: string, postId: string, update: { text: string }): Call<Post> => ({
  method: "PATCH",
  path: `/team-messaging/v1/chats/${seg(chatId)}/posts/${seg(postId)}`,
  group: "Medium",
  priority: "messaging",
  body: update,
  schema: postSchema,
});

export type ExtensionQuery = Paging & { status?: string; type?: string; email?: string; extensionNumber?: string };

export const listExtensions = (query: ExtensionQuery): Call<ExtensionPage> => ({
  method: "GET",
  path: `${ACCOUNT}/extension`,
  group: "Medium",
  query,
  schema: extensionPageSchema,
});

export type ContactQuery = Paging & { phoneNumber?: string | string[]; startsWith?: string };

export const searchContacts = (query: ContactQuery): Call<ContactPage> => ({
  method: "GET",
  path: `${ext("~")}/address-book/contact`,
  group: "Heavy",
  query: { ...query, phoneNumber: typeof query.phoneNumber === "string" ? [query.phoneNumber] : query.phoneNumber },
  schema: contactPageSchema,
});

export const createContact = (contact: ContactInput): Call<Contact> => ({
  method: "POST",
  path: `${ext("~")}/address-book/contact`,
  group: "Heavy",
  priority: "messaging",
  body: contact,
  schema: contactSchema,
});

export type SubscriptionRequest = {
  eventFilters: string[];
  address: string;
  /** Our shared secret, echoed back in every notification's `Verification-Token` header. */
  verificationToken: string;
  expiresIn?: number;
};

export const createSubscription = (req: SubscriptionRequest): Call<Subscription> => ({
  method: "POST",
  path: "/restapi/v1.0/subscription",
  group: "Medium",
  body: {
    eventFilters: req.eventFilters,
    // The spec's enum spelling; whether "Webhook" is also accepted is UNCONFIRMED.
    deliveryMode: { transportType: "WebHook", address: req.address, verificationToken: req.verificationToken },
    expiresIn: req.expiresIn,
  },
  schema: subscriptionSchema,
});

const subscriptionPath = (id: string) => `/restapi/v1.0/subscription/${seg(id)}`;

export const renewSubscription = (id: string): Call<Subscription> => ({
  method: "POST",
  path: `${subscriptionPath(id)}/renew`,
  group: "Light",
  schema: subscriptionSchema,
});

export const getSubscription = (id: string): Call<Subscription> => ({
  method: "GET",
  path: subscriptionPath(id),
  group: "Light",
  schema: subscriptionSchema,
});

export const listSubscriptions = (): Call<Subscription[]> => ({
  method: "GET",
  path: "/restapi/v1.0/subscription",
  group: "Light",
  schema: subscriptionListSchema.transform((list) => list.records),
});

export const deleteSubscription = (id: string): Call<void> => ({
  method: "DELETE",
  path: subscriptionPath(id),
  group: "Medium",
  // 204 No Content: nothing to validate.
  schema: z.unknown().transform(() => undefined),
});

/** RingCentral AI: 202 with a job id; the result arrives at `webhook` (required) and at the job-status endpoint. */
export const aiJobAccepted = z.object({ jobId: z.string() });
export const startSpeechToText = (
  input: { contentUri: string; encoding: "Wav" | "Mpeg"; languageCode: string; audioType?: string },
  webhook: string,
): Call<z.infer<typeof aiJobAccepted>> => ({
  method: "POST",
  path: "/ai/audio/v1/async/speech-to-text",
  group: "Heavy",
  query: { webhook },
  body: input,
  schema: aiJobAccepted,
});

export const startSummarize = (
  utterances: { speakerId: string; text: string; start: number; end: number }[],
  webhook: string,
): Call<z.infer<typeof aiJobAccepted>> => ({
  method: "POST",
  path: "/ai/text/v1/async/summarize",
  group: "Heavy",
  query: { webhook },
  body: { summaryType: "Extractive", utterances },
  schema: aiJobAccepted,
});

/** Job status: `status` absent or InProgress while running; Success/Fail with `response` when done. */
export const aiJobStatus = z.looseObject({
  jobId: z.string().optional(),
  status: z.string().optional(),
  response: z.unknown().optional(),
});
export const getAiJob = (jobId: string): Call<z.infer<typeof aiJobStatus>> => ({
  method: "GET",
  path: `/ai/status/v1/jobs/${encodeURIComponent(jobId)}`,
  group: "Light",
  schema: aiJobStatus,
});
