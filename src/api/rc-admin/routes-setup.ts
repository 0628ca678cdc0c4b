import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { parse as parseYaml, stringify as toYaml } from "yaml";
import { z } from "zod";
import { describeCall } from "../../admin/calls.ts";
import { openTarget } from "../../admin/gateway.ts";
import {
  bulkAssignCalls,
  bulkAssignInput,
  createAdminJob,
  findAdminJob,
  jobView,
  listAdminJobs,
} from "../../admin/jobs.ts";
import { readLiveAccount } from "../../admin/live.ts";
import { exportSetup, planSetup } from "../../admin/plan.ts";
import { overflowNeeded, parseSetup } from "../../admin/setup.ts";
import { principalOf } from "../../http/auth.ts";
import { ApiError, notFound } from "../../http/errors.ts";
import type { RouteContext } from "../../http/routes.ts";
import { RC_PREFIX } from "./routes.ts";
import { dryRunAnswer } from "./write.ts";

const tags = ["ringcentral-admin"];
const cid = z.object({ connectionId: z.string().min(1).max(64) });
const YAML_TYPES = ["application/yaml", "application/x-yaml", "text/yaml"];
const SETUP_MAX_BYTES = 2 * 1024 * 1024;
/**
 * Reading an account costs Heavy requests (numbers, overflow settings): plan and export wait up to one rate window
 * for slots rather than answering 429 half-way (`switchboard rc` and apply jobs are the way for very large accounts).
 */
const SETUP_MAX_WAIT_MS = 65_000;

/** Setup files arrive as JSON or YAML; YAML is parsed with a small alias budget (no billion laughs). */
export function installYamlParser(app: FastifyInstance): void {
  app.addContentTypeParser(YAML_TYPES, { parseAs: "string", bodyLimit: SETUP_MAX_BYTES }, (_req, body, done) => {
    try {
      done(null, parseYaml(String(body), { maxAliasCount: 100 }));
    } catch (error) {
      done(
        new ApiError("bad_request", `YAML: ${error instanceof Error ? error.message : "cannot be parsed"}`),
        undefined,
      );
    }
  });
}

function setupFrom(body: unknown) {
  const parsed = parseSetup(body);
  if (!parsed.ok) throw new ApiError("validation_failed", "the setup file is not valid", parsed.issues);
  return parsed.setup;
}

/** Plan, apply and export of the call-center setup; bulk member changes and the job resources. */
export async function rcSetupRoutes(ctx: RouteContext): Promise<void> {
  const { deps, auth } = ctx;
  const r = ctx.app.withTypeProvider<ZodTypeProvider>();
  installYamlParser(ctx.app);
  const open = (req: Parameters<typeof principalOf>[0], connectionId: string) =>
    openTarget(deps, principalOf(req).workspaceId, connectionId);

  r.post(
    `${RC_PREFIX}/plan`,
    {
      preHandler: auth("supervisor"),
      schema: {
        tags,
        summary: "The requests that would make the account match a setup file (JSON or YAML body)",
        params: cid,
      },
    },
    async (req, reply) => {
      const setup = setupFrom(req.body);
      const target = await open(req, req.params.connectionId);
      const plan = planSetup(
        setup,
        await readLiveAccount(target, { maxWaitMs: SETUP_MAX_WAIT_MS, overflowOf: overflowNeeded(setup) }),
      );
      if (!plan.ok) throw new ApiError("unprocessable", "the setup file does not fit the account", plan.issues);
      return reply.send({ requests: plan.requests });
    },
  );

  r.post(
    `${RC_PREFIX}/apply`,
    {
      preHandler: auth("admin"),
      schema: {
        tags,
        summary: "Apply a setup file as a durable job (202 + job); ?dryRun=true answers the plan instead",
        params: cid,
        querystring: z.object({ dryRun: z.enum(["true", "false"]).optional() }),
      },
    },
    async (req, reply) => {
      const setup = setupFrom(req.body);
      const principal = principalOf(req);
      const target = await open(req, req.params.connectionId);
      const plan = planSetup(
        setup,
        await readLiveAccount(target, { maxWaitMs: SETUP_MAX_WAIT_MS, overflowOf: overflowNeeded(setup) }),
      );
      if (!plan.ok) throw new ApiError("unprocessable", "the setup file does not fit the account", plan.issues);
      if (req.query.dryRun === "true") return reply.send({ dryRun: true, requests: plan.requests });
      const row = await createAdminJob(deps, {
        workspaceId: principal.workspaceId,
        connectionId: req.params.connectionId,
        actor: principal.actor,
        kind: "apply",
        input: { setup },
        total: plan.requests.length,
      });
      return reply
        .code(202)
        .header("location", `${RC_PREFIX.replace(":connectionId", row.connectionId)}/jobs/${row.id}`)
        .send(jobView(row));
    },
  );

  r.get(
    `${RC_PREFIX}/setup`,
    {
      preHandler: auth("supervisor"),
      schema: {
        tags,
        summary: "The live account as a setup file (JSON, or YAML with Accept: application/yaml)",
        params: cid,
      },
    },
    async (req, reply) => {
      const target = await open(req, req.params.connectionId);
      const setup = exportSetup(await readLiveAccount(target, { maxWaitMs: SETUP_MAX_WAIT_MS }));
      if (YAML_TYPES.some((t) => req.headers.accept?.includes(t)))
        return reply.type("application/yaml").send(toYaml(setup));
      return reply.send(setup);
    },
  );

  r.post(
    `${RC_PREFIX}/jobs/bulk-assign`,
    {
      preHandler: auth("admin"),
      schema: {
        tags,
        summary: "Change many queues' members as a durable job (202 + job); ?dryRun=true shows the requests",
        params: cid,
        querystring: z.object({ dryRun: z.enum(["true", "false"]).optional() }),
        // Validated in the handler, after the role and the connection: those answer first.
        body: z.looseObject({ changes: z.array(z.unknown()) }),
      },
    },
    async (req, reply) => {
      const principal = principalOf(req);
      await open(req, req.params.connectionId);
      const parsed = bulkAssignInput.safeParse(req.body);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
        throw new ApiError("validation_failed", "request does not match the schema", issues);
      }
      const input = parsed.data;
      const calls = bulkAssignCalls(input);
      if (req.query.dryRun === "true") return reply.send(dryRunAnswer(calls));
      const row = await createAdminJob(deps, {
        workspaceId: principal.workspaceId,
        connectionId: req.params.connectionId,
        actor: principal.actor,
        kind: "bulk-assign",
        input,
        total: calls.map(describeCall).length,
      });
      return reply.code(202).send(jobView(row));
    },
  );

  r.get(
    `${RC_PREFIX}/jobs/:jobId`,
    {
      preHandler: auth("supervisor"),
      schema: { tags, summary: "An admin job with its progress", params: cid.extend({ jobId: z.string().max(64) }) },
    },
    async (req) => {
      const row = await findAdminJob(deps, principalOf(req).workspaceId, req.params.connectionId, req.params.jobId);
      if (!row) throw notFound("job");
      return jobView(row);
    },
  );

  r.get(
    `${RC_PREFIX}/jobs`,
    { preHandler: auth("supervisor"), schema: { tags, summary: "The connection's latest admin jobs", params: cid } },
    async (req) => {
      await open(req, req.params.connectionId);
      return { items: (await listAdminJobs(deps, principalOf(req).workspaceId, req.params.connectionId)).map(jobView) };
    },
  );
}
