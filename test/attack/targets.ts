/**
 * Every public route of the hub and a sample of the API, one line each: the attack suite sends every hostile
 * request in cases.ts to each. `{name}` in a path is filled from the suite's context (seeded ids, made-up names);
 * the last one is where hostile ids go (path cases), or they are appended when there is none.
 * Adding a route = adding a line here.
 */
export type Target = {
  method: string;
  path: string;
  /** guarded: credentials first, so every hostile request without them is 401 (or refused even earlier). */
  access: "public" | "guarded";
  /** The route validates a JSON body: well-formed JSON of the wrong shape is refused too. */
  bodySchema: boolean;
  /** Also attacked with the admin key, so hostile bodies reach parsing and validation behind authentication. */
  withAdmin?: boolean;
  /** The dashboard answers unknown paths with its index page: a 2xx is right, a file from outside it never. */
  spa?: boolean;
};

const post = (path: string, extra: Partial<Target> = {}): Target => ({
  method: "POST",
  path,
  access: "public",
  bodySchema: true,
  ...extra,
});
const get = (path: string, extra: Partial<Target> = {}): Target => ({
  method: "GET",
  path,
  access: "public",
  bodySchema: false,
  ...extra,
});
const guarded = (method: string, path: string, extra: Partial<Target> = {}): Target => ({
  method,
  path,
  access: "guarded",
  bodySchema: method !== "GET",
  ...extra,
});

export const TARGETS: Target[] = [
  // Webhooks: each platform on a real connection, an unknown connection, and a made-up platform.
  post("/webhooks/livechat/{livechat}"),
  post("/webhooks/ringcentral/{ringcentral}"),
  post("/webhooks/chatwoot/{chatwoot}"),
  post("/webhooks/livechat/{madeUpConnection}"),
  post("/webhooks/{madeUpPlatform}/{madeUpConnection}"),
  // Sign-in.
  post("/api/auth/login"),
  post("/api/auth/refresh"),
  post("/api/auth/logout", { bodySchema: false }),
  // Operations and documentation.
  get("/health/live"),
  get("/health/ready"),
  get("/metrics"),
  get("/docs/json"),
  get("/{dashboardFile}", { spa: true }),
  // A sample of the API (every guarded route's auth-before-validation: test/access/auth-before-validation).
  guarded("POST", "/api/connections", { withAdmin: true }),
  guarded("PATCH", "/api/agents/{agent}", { withAdmin: true }),
  guarded("POST", "/api/customers", { withAdmin: true }),
  guarded("GET", "/api/agents"),
  guarded("GET", "/api/webhook-events/{event}"),
  guarded("POST", "/api/webhook-events/{event}/replay", { bodySchema: false }),
  guarded("GET", "/api/stream"),
  // The built-in chat widget's public routes (a visitor's session token, or none for a new session).
  post("/api/widget/sessions"),
  post("/api/widget/messages"),
  get("/api/widget/conversation"),
  // The agent bot's own webhook (Chatwoot / LiveChat bot deliveries) on a made-up workspace and inbox.
  post("/webhooks/bot/{madeUpConnection}/{madeUpConnection}"),
  // RingCentral AI's job callback: acknowledged, its body never read.
  post("/api/voice/ringcentral-ai-callback", { bodySchema: false }),
];

/** The webhook targets, attacked a second time with fresh made-up names to prove /metrics does not grow. */
export const isWebhook = (t: Target) => t.path.startsWith("/webhooks/");
