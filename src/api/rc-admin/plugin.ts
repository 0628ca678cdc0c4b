import type { RouteContext } from "../../http/routes.ts";
import { promptUploadRoute } from "./prompt-upload.ts";
import { rcAdminRoutes } from "./routes.ts";
import { rcCallLogRoutes } from "./routes-call-log.ts";
import { rcSetupRoutes } from "./routes-setup.ts";

/** The RingCentral administration API, in its own Fastify scope (its body parsers stay here). */
export async function rcAdminPlugin(ctx: RouteContext): Promise<void> {
  await rcAdminRoutes(ctx);
  await promptUploadRoute(ctx);
  await rcSetupRoutes(ctx);
  await rcCallLogRoutes(ctx);
}
