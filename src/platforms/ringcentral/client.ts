import type { PlatformError } from "../../lib/http-client.ts";
import { send } from "../../lib/http-client.ts";
import type { Result } from "../../lib/result.ts";
import { err, ok } from "../../lib/result.ts";
import type { Extension } from "./client-schemas.ts";
import { tokenSchema } from "./client-schemas.ts";
import type { Clock } from "./client-support.ts";
import {
  buildUrl,
  checkRecordingUrl,
  DEFAULT_BASE_URL,
  localError,
  MEDIA_HOST,
  systemClock,
} from "./client-support.ts";
import type {
  Call,
  ContactInput,
  ContactQuery,
  ConversationMember,
  DndStatus,
  ExtensionQuery,
  Paging,
  Scope,
  SubscriptionRequest,
  UserStatus,
} from "./endpoints.ts";
import * as endpoints from "./endpoints.ts";
import { rcHttpError } from "./errors.ts";
import { fetchBytes } from "./fetch-bytes.ts";
import type { RateBudget, RateGroup, RatePriority } from "./rate-limiter.ts";
import { MemoryRateBudget, parseRateGroup } from "./rate-limiter.ts";
import { TokenManager, type TokenStore } from "./token-manager.ts";

export type RingcentralClientOptions = {
  /** Default: the real platform. The sandbox passes its own origin. */
  baseUrl?: string;
  clientId: string;
  clientSecret: string;
  /** The JWT credential issued for the app's user. */
  jwt: string;
  /** Hosts recordings may be downloaded from (`host` or `host:port`). Default: the media host and the API host. */
  allowedRecordingHosts?: string[];
  clock?: Clock;
  /** Per-group requests per minute when the app's plan differs from RingCentral's defaults (in-memory budget). */
  rateLimits?: Partial<Record<RateGroup, number>>;
  /**
   * Where the rate budget is kept. The hub passes the connection's budget shared through PostgreSQL, so N
   * processes never exceed one (user, app) quota; default: a budget in this process's memory.
   */
  budget?: RateBudget;
  /** Where the access token is shared with the connection's other processes; default: this client only. */
  tokenStore?: TokenStore;
  /**
   * Longest a call waits in-process for a rate-limit slot; beyond it the call fails as retryable with the wait
   * as `retryAfterMs`, so a durable job reschedules instead of holding a worker. Default 5 s.
   */
  maxRateLimitWaitMs?: number;
  timeoutMs?: number;
};

/** Extension listing stops here even if RingCentral keeps offering next pages (defensive against loops). */
const MAX_EXTENSION_PAGES = 100;

/** RingCentral REST v1.0 + Team Messaging client: JWT auth, per-group rate limiting, Result-typed errors. */
export class RingcentralClient {
  readonly #baseUrl: string;
  readonly #recordingHosts: ReadonlySet<string>;
  readonly #clock: Clock;
  readonly #budget: RateBudget;
  readonly #tokens: TokenManager;
  readonly #basic: string;
  readonly #maxWaitMs: number;
  readonly #timeoutMs: number;

  constructor(options: RingcentralClientOptions) {
    this.#baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
    const apiHost = new URL(this.#baseUrl).host;
    const hosts = options.allowedRecordingHosts ?? [MEDIA_HOST, apiHost];
    this.#recordingHosts = new Set(hosts.map((h) => h.toLowerCase()));
    this.#clock = options.clock ?? systemClock;
    this.#budget = options.budget ?? new MemoryRateBudget({ now: () => this.#clock.now(), limits: options.rateLimits });
    this.#basic = `Basic ${Buffer.from(`${options.clientId}:${options.clientSecret}`).toString("base64")}`;
    this.#maxWaitMs = options.maxRateLimitWaitMs ?? 5_000;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#tokens = new TokenManager({
      jwt: options.jwt,
      store: options.tokenStore,
      now: () => this.#clock.now(),
      grant: (form) =>
        this.#request({
          method: "POST",
          path: "/restapi/oauth/token",
          group: "Auth",
          body: form,
          schema: tokenSchema,
          auth: "basic",
        }),
    });
  }

  getPresence(extensionId = "~", options: { detailedTelephonyState?: boolean } = {}) {
    return this.#request(endpoints.getPresence(extensionId, options.detailedTelephonyState ?? false));
  }

  /** Target state, never a toggle: sending the same update twice is harmless. */
  updatePresence(extensionId: string, update: { userStatus?: UserStatus; dndStatus?: DndStatus }) {
    return this.#request(endpoints.updatePresence(extensionId, update));
  }

  getTelephonySession(telephonySessionId: string) {
    return this.#request(endpoints.getTelephonySession(telephonySessionId));
  }

  listActiveCalls(scope: Scope & Paging = {}) {
    return this.#request(endpoints.listActiveCalls(scope));
  }

  /** Call-log records appear 15–30 s after the call ends; an empty page soon after hang-up is normal. */
  getCallLogBySession(telephonySessionId: string, options: Scope & { view?: "Simple" | "Detailed" } = {}) {
    return this.#request(endpoints.getCallLogBySession(telephonySessionId, options));
  }

  /** One page of the call log between two times (ISO), newest first: the batch read of recent calls. */
  listCallLog(
    window: { dateFrom: string; dateTo: string },
    options: Scope & Paging & { view?: "Simple" | "Detailed" } = {},
  ) {
    return this.#request(endpoints.listCallLog(window, options));
  }

  /** Refuses any URL whose host is not in `allowedRecordingHosts`: our bearer token goes with the request. */
  async downloadRecording(contentUri: string) {
    const url = checkRecordingUrl(contentUri, this.#baseUrl, this.#recordingHosts);
    if (!url.ok) return url;
    return this.#request(endpoints.downloadRecording(url.value));
  }

  /** RingCentral AI speech-to-text of a recording (by its content URI), as an async job. */
  startSpeechToText(input: Parameters<typeof endpoints.startSpeechToText>[0], webhook: string) {
    return this.#request(endpoints.startSpeechToText(input, webhook));
  }

  startSummarize(utterances: Parameters<typeof endpoints.startSummarize>[0], webhook: string) {
    return this.#request(endpoints.startSummarize(utterances, webhook));
  }

  getAiJob(jobId: string) {
    return this.#request(endpoints.getAiJob(jobId));
  }

  /** The direct conversation between the authorised user and `member` (found or created; RingCentral is idempotent). */
  findOrCreateDirectConversation(member: ConversationMember) {
    return this.#request(endpoints.findOrCreateConversation([member]));
  }

  createPost(chatId: string, post: { text: string; threadId?: string; parentPostId?: string }) {
    return this.#request(endpoints.createPost(chatId, post));
  }

  sendSms(sms: { from: string; to: string; text: string }) {
    return this.#request(endpoints.sendSms(sms));
  }

  updatePost(chatId: string, postId: string, update: { text: string }) {
    return this.#request(endpoints.updatePost(chatId, postId, update));
  }

  listExtensions(query: ExtensionQuery = {}) {
    return this.#request(endpoints.listExtensions(query));
  }

  /** Every page of the extension list, in order. */
  async listAllExtensions(query: Omit<ExtensionQuery, "page"> = {}): Promise<Result<Extension[], PlatformError>> {
    const all: Extension[] = [];
    for (let page = 1; page <= MAX_EXTENSION_PAGES; page++) {
      const result = await this.listExtensions({ perPage: 1000, ...query, page });
      if (!result.ok) return result;
      all.push(...result.value.records);
      const { paging, navigation, records } = result.value;
      const more = paging?.totalPages !== undefined ? page < paging.totalPages : navigation?.nextPage !== undefined;
      if (!more || records.length === 0) return ok(all);
    }
    return ok(all);
  }

  /** `phoneNumber` is E.164 and repeatable: the lookup-by-caller-number call. */
  searchContacts(query: ContactQuery) {
    return this.#request(endpoints.searchContacts(query));
  }

  createContact(contact: ContactInput) {
    return this.#request(endpoints.createContact(contact));
  }

  createSubscription(request: SubscriptionRequest) {
    return this.#request(endpoints.createSubscription(request));
  }

  renewSubscription(subscriptionId: string) {
    return this.#request(endpoints.renewSubscription(subscriptionId));
  }

  getSubscription(subscriptionId: string) {
    return this.#request(endpoints.getSubscription(subscriptionId));
  }

  listSubscriptions() {
    return this.#request(endpoints.listSubscriptions());
  }

  deleteSubscription(subscriptionId: string) {
    return this.#request(endpoints.deleteSubscription(subscriptionId));
  }

  /**
   * Sends any call described as data through the same token, shared rate budget and error path: the admin API's
   * calls (src/admin/) go through here. `maxWaitMs` overrides how long to wait in-process for a rate-limit slot.
   */
  send<T>(call: Call<T>, options: { maxWaitMs?: number } = {}): Promise<Result<T, PlatformError>> {
    return this.#request(call, options.maxWaitMs);
  }

  /** Waits in-process only briefly for a slot; a longer wait goes back to the caller (a job reschedules). */
  async #acquire(group: RateGroup, priority: RatePriority, maxWaitMs: number): Promise<Result<void, PlatformError>> {
    let waited = 0;
    for (;;) {
      const slot = await this.#budget.acquire(group, priority);
      if (slot.ok) return ok(undefined);
      const delay = Math.max(1, slot.waitUntil - this.#clock.now());
      // Team Messaging never holds a worker (and the agent's command queue) waiting in-process: its job is
      // rescheduled at once, so a presence write for the same agent never waits behind a post.
      const maxWait = priority === "messaging" ? 0 : maxWaitMs;
      if (waited + delay > maxWait) {
        const message = `RingCentral ${group} rate group is at its limit; retry later`;
        const error = localError("RATE_LIMITED_LOCALLY", message, true, delay);
        return err({ ...error, waitingFor: `RingCentral's ${group} budget` });
      }
      await this.#clock.sleep(delay);
      waited += delay;
    }
  }

  async #request<T>(call: Call<T>, maxWaitMs = this.#maxWaitMs): Promise<Result<T, PlatformError>> {
    for (let attempt = 0; ; attempt++) {
      let authorization = this.#basic;
      let bearer: string | undefined;
      if (call.auth !== "basic") {
        const token = await this.#tokens.accessToken();
        if (!token.ok) return token;
        bearer = token.value;
        authorization = `Bearer ${bearer}`;
      }
      const priority = call.priority ?? (call.auth === "basic" ? "availability" : "read");
      const slot = await this.#acquire(call.group, priority, maxWaitMs);
      if (!slot.ok) return slot;
      const url = buildUrl(this.#baseUrl, call.path, call.query);
      const headers = { authorization };
      const sent = call.binary
        ? await fetchBytes({ url, headers, timeoutMs: Math.max(this.#timeoutMs, 60_000) })
        : await send({ method: call.method, url, headers, body: call.body, timeoutMs: this.#timeoutMs });
      if (!sent.ok) return sent;
      const res = sent.value;
      const headerGroup = parseRateGroup(res.headers.get("x-rate-limit-group")) ?? call.group;
      await this.#budget.observe(headerGroup, res.headers);
      if (res.status >= 200 && res.status < 300) {
        const parsed = call.schema.safeParse(call.select ? call.select(res) : res.json);
        if (parsed.success) return ok(parsed.data);
        const message = `unexpected RingCentral response to ${call.method} ${call.path}: ${parsed.error.message}`;
        return err({ kind: "invalid_response", status: res.status, message, retryable: false });
      }
      // An expired or revoked access token: re-authenticate exactly once, then retry the call once.
      if (res.status === 401 && bearer !== undefined && attempt === 0) {
        await this.#tokens.invalidate(bearer);
        continue;
      }
      const error = rcHttpError(res);
      if (res.status === 429) {
        await this.#budget.penalise(headerGroup, error.retryAfterMs);
        return err({ ...error, waitingFor: `RingCentral's ${headerGroup} budget` });
      }
      return err(error);
    }
  }
}
