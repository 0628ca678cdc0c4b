import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Requester } from "./auth.ts";
import type { ApiVersion } from "./constants.ts";
import { API_VERSIONS, DEFAULT_API_VERSION, V35_LEGACY_UNTIL } from "./constants.ts";
import { lcError } from "./errors.ts";

/** Everything an action handler needs; `requester` is absent only for actions that need no authorization. */
export type ActionContext = { version: ApiVersion; requester: Requester; body: unknown };
export type ActionHandler = (ctx: ActionContext) => unknown;
export type ActionEntry = {
  run: ActionHandler;
  /** Versions that have this action (e.g. `list_customers` is v3.5 only). Default: all. */
  versions?: readonly ApiVersion[];
};
export type ActionTable = Record<string, ActionEntry>;

export type ActionRoutesOptions = {
  /** `agent` or `configuration`: the path segment of `/v3.6/<api>/action/<action>`. */
  api: string;
  actions: ActionTable;
  authenticate: (req: FastifyRequest) => Requester;
  /** Actions callable without credentials (`list_webhook_names`), answered as the anonymous requester. */
  publicActions?: Record<string, ActionHandler>;
  /** Fixed-window limiter; LiveChat publishes no numbers, so it is off unless configured. */
  rateLimit?: { max: number; windowMs: number };
};

function resolveVersion(pathVersion: string | undefined, header: string | string[] | undefined): ApiVersion {
  const raw = pathVersion !== undefined ? pathVersion.replace(/^v/, "") : typeof header === "string" ? header : "";
  if (raw === "") return DEFAULT_API_VERSION;
  const version = API_VERSIONS.find((v) => v === raw);
  if (!version) throw lcError("unsupported_version");
  return version;
}

const ANONYMOUS: Requester = { agentId: "", clientId: null, via: "pat" };

/** Registers `POST /v3.x/<api>/action/:action` and the header-versioned `POST /<api>/action/:action`. */
export function registerActionRoutes(app: FastifyInstance, options: ActionRoutesOptions): void {
  let windowStart = 0;
  let used = 0;
  const limit = () => {
    const rate = options.rateLimit;
    if (!rate) return;
    const now = Date.now();
    if (now - windowStart >= rate.windowMs) {
      windowStart = now;
      used = 0;
    }
    used += 1;
    if (used > rate.max) throw lcError("too_many_requests");
  };

  const handle = async (req: FastifyRequest, reply: FastifyReply, pathVersion: string | undefined) => {
    const params = req.params as { action?: string };
    const action = params.action ?? "";
    const version = resolveVersion(pathVersion, req.headers["x-api-version"]);
    if (version !== DEFAULT_API_VERSION) reply.header("Legacy", V35_LEGACY_UNTIL);
    const publicAction = options.publicActions?.[action];
    if (publicAction) return (await publicAction({ version, requester: ANONYMOUS, body: req.body })) ?? {};
    const requester = options.authenticate(req);
    limit();
    const entry = Object.hasOwn(options.actions, action) ? options.actions[action] : undefined;
    if (!entry || (entry.versions && !entry.versions.includes(version))) {
      throw lcError("not_found", `Action \`${action}\` not found in ${options.api} API v${version}`);
    }
    return (await entry.run({ version, requester, body: req.body })) ?? {};
  };

  app.post(`/:version/${options.api}/action/:action`, async (req, reply) => {
    const { version } = req.params as { version: string };
    if (!/^v\d+(\.\d+)?$/.test(version)) throw lcError("not_found", "Not found");
    return handle(req, reply, version);
  });
  app.post(`/${options.api}/action/:action`, async (req, reply) => handle(req, reply, undefined));
}
