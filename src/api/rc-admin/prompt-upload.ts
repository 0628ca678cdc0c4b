import { createHash } from "node:crypto";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { adminCalls as c } from "../../admin/calls.ts";
import { openTarget } from "../../admin/gateway.ts";
import { principalOf } from "../../http/auth.ts";
import { ApiError } from "../../http/errors.ts";
import type { RouteContext } from "../../http/routes.ts";
import { ADMIN_TAGS, cid, dryRunQuery, V1 } from "./routes.ts";
import { handleWrite } from "./write.ts";

/** RingCentral states no cap for prompt audio; the hub refuses more than this before anything is sent. */
export const PROMPT_MAX_BYTES = 5 * 1024 * 1024;

/**
 * IVR prompt upload: the audio arrives as the raw body (Content-Type audio/…), capped, and is sent on as
 * RingCentral's multipart form, with an Idempotency-Key and ?dryRun like every other write.
 */
export async function promptUploadRoute(ctx: RouteContext): Promise<void> {
  const { deps, auth } = ctx;
  ctx.app.addContentTypeParser(/^audio\//, { parseAs: "buffer", bodyLimit: PROMPT_MAX_BYTES }, (_req, body, done) =>
    done(null, body),
  );
  ctx.app.withTypeProvider<ZodTypeProvider>().post(
    `${V1}/ivr-prompts`,
    {
      preHandler: auth("admin"),
      schema: {
        tags: ADMIN_TAGS,
        summary:
          "Upload an IVR prompt: the audio as the body (audio/*, at most 5 MB), ?name= (Idempotency-Key; ?dryRun=true)",
        params: cid,
        querystring: dryRunQuery.extend({ name: z.string().max(255).optional() }),
      },
    },
    async (req, reply) => {
      // The connection first: another workspace's connection is a 404 whatever the body.
      await openTarget(deps, principalOf(req).workspaceId, req.params.connectionId);
      const audio = req.body;
      const type = req.headers["content-type"] ?? "";
      if (!Buffer.isBuffer(audio) || audio.length === 0 || !type.startsWith("audio/")) {
        throw new ApiError("bad_request", "send the prompt's audio as the body with an audio/* Content-Type");
      }
      const form = new FormData();
      form.append("attachment", new Blob([new Uint8Array(audio)], { type }), req.query.name ?? "prompt");
      if (req.query.name) form.append("name", req.query.name);
      const digest = createHash("sha256").update(audio).digest("hex");
      const spec = { call: c.createIVRPrompt(form), hashExtra: digest };
      return handleWrite(deps, req, reply, req.params.connectionId, spec, req.query.dryRun === "true");
    },
  );
}
