import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import { authenticateUser } from "./auth.ts";
import type { SimContext } from "./context.ts";
import { invalidEnum, notFound } from "./errors.ts";
import { AVAILABILITIES, type Availability, type User } from "./model.ts";
import { parseBody, pathId, railsBool, railsId, unwrap } from "./params.ts";
import { agentJson, profileJson } from "./present-rest.ts";

const ENUM_BY_INTEGER: Record<number, Availability> = { 0: "online", 1: "offline", 2: "busy" };

/** Rails enums reject unknown values with ArgumentError; answered as 422 here (doc §4.2 leaves 422 vs 500 open). */
function availabilityOf(value: unknown): Availability | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "string" && (AVAILABILITIES as readonly string[]).includes(value)) return value as Availability;
  // The enum is { online: 0, offline: 1, busy: 2 }; Rails also accepts the integer.
  const byInteger = typeof value === "number" ? ENUM_BY_INTEGER[value] : undefined;
  if (byInteger) return byInteger;
  throw invalidEnum(value, "availability");
}

const agentUpdateSchema = z.object({
  name: z.string().optional(),
  role: z.enum(["agent", "administrator"]).optional(),
  availability: z.unknown().optional(),
  auto_offline: railsBool.optional(),
});

const profileAvailabilitySchema = z.object({
  account_id: railsId.optional(),
  availability: z.unknown(),
});

const profileAutoOfflineSchema = z.object({
  account_id: railsId.optional(),
  auto_offline: railsBool,
});

/** Agents (doc §4.2): list with the effective `availability_status`, admin update, and the agent's own profile. */
export function registerAgentRoutes(app: FastifyInstance, ctx: SimContext): void {
  const { state } = ctx;

  app.get("/api/v1/accounts/:accountId/agents", async (req) => {
    authenticateUser(ctx, req, "agents#index");
    return state.agents().map((u) => agentJson(state, u));
  });

  const updateAgent = async (req: FastifyRequest) => {
    authenticateUser(ctx, req, "agents#update", true);
    const user = state.users.get(pathId(req.params, "id"));
    if (!user) throw notFound();
    const body = parseBody(agentUpdateSchema, unwrap(req.body, "agent"));
    const availability = availabilityOf(body.availability);
    if (body.name !== undefined) user.name = body.name;
    if (body.role !== undefined) user.role = body.role;
    if (availability !== undefined) user.availability = availability;
    if (body.auto_offline !== undefined) user.autoOffline = body.auto_offline;
    return agentJson(state, user);
  };
  app.patch("/api/v1/accounts/:accountId/agents/:id", updateAgent);
  app.put("/api/v1/accounts/:accountId/agents/:id", updateAgent);

  app.get("/api/v1/profile", async (req) => profileJson(state, authenticateUser(ctx, req, "profiles#show")));

  // Not in swagger, but how an agent sets its own availability (doc §4.2).
  app.post("/api/v1/profile/availability", async (req) => {
    const user: User = authenticateUser(ctx, req, "profiles#availability");
    const body = parseBody(profileAvailabilitySchema, unwrap(req.body, "profile"));
    const availability = availabilityOf(body.availability);
    if (availability === undefined) throw invalidEnum(body.availability, "availability");
    user.availability = availability;
    return profileJson(state, user);
  });

  app.post("/api/v1/profile/auto_offline", async (req) => {
    const user = authenticateUser(ctx, req, "profiles#auto_offline");
    const body = parseBody(profileAutoOfflineSchema, unwrap(req.body, "profile"));
    user.autoOffline = body.auto_offline;
    return profileJson(state, user);
  });
}
