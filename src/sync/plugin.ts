import { runAdminJob } from "../admin/jobs.ts";
import { chatTasks } from "../chat/plugin.ts";
import { TARGET_STATE_KINDS } from "../commands/kinds.ts";
import { maintainSubscriptions } from "../connections/maintain.ts";
import { syncContact } from "../customers/contact-sync.ts";
import { customerLinkHandler } from "../customers/link-handler.ts";
import type { Deps } from "../deps.ts";
import type { TargetFor } from "../domain/availability/index.ts";
import { recordCommandResult } from "../domain/availability/index.ts";
import type { WorkerPlugins } from "../jobs/worker.ts";
import { processRecording } from "../voice/pipeline.ts";
import { purgeRecordings } from "../voice/retention.ts";
import { runEngineStep } from "./agent-engine.ts";
import { fetchCallLog, syncCallLog } from "./call-log.ts";
import { conversationHandler } from "./conversations.ts";
import { availabilityHandler } from "./handle-event.ts";
import { reconcileTick, scheduleNextTick } from "./reconcile-tick.ts";
import { mirrorMessages } from "./team-messaging.ts";

/** Everything the sync engine adds to the worker: event handlers, the command-success hook, its jobs. */
export function syncPlugins(deps: Deps): WorkerPlugins {
  const chat = chatTasks(deps);
  return {
    // Conversation records first: the availability step reads them to find who held a chat.
    // Customer linking last: it reads the conversation record, and its identity locks are then held only to commit.
    handlers: [
      conversationHandler,
      availabilityHandler,
      customerLinkHandler({
        region: deps.config.DEFAULT_PHONE_REGION,
        verifiedEmailPlatforms: deps.config.VERIFIED_EMAIL_PLATFORMS,
        createContactsOn: deps.config.CREATE_CONTACTS,
      }),
    ],
    onCommandSucceeded: async (cmd, payload) => {
      if (!cmd.agentId || !TARGET_STATE_KINDS.includes(payload.kind) || !("target" in payload)) return;
      const command = { platform: cmd.platform, target: payload.target } as TargetFor;
      const nowMs = deps.now();
      await deps.database.db.transaction((tx) =>
        runEngineStep(
          tx,
          { workspaceId: cmd.workspaceId, agentId: cmd.agentId ?? "", cause: cmd.id, nowMs },
          (state, actuals) => ({
            state,
            actuals: recordCommandResult(actuals, command, new Date(nowMs).toISOString()),
          }),
        ),
      );
    },
    tasks: (task) => ({
      "chat-route": task("chat-route", (p) => chat.route(p.workspaceId)),
      "chat-offer-timeout": task("chat-offer-timeout", (p) => chat.offerTimeout(p.workspaceId, p.offerId)),
      "mirror-messages": task("mirror-messages", (p) => mirrorMessages(deps.database.db, p.conversationId)),
      "sync-customer-contact": task("sync-customer-contact", (p) => syncContact(deps, p)),
      "fetch-call-log": task("fetch-call-log", (p) => fetchCallLog(deps, p.conversationId)),
      "sync-call-log": task("sync-call-log", (p) => syncCallLog(deps, p.connectionId)),
      "maintain-subscriptions": task("maintain-subscriptions", () => maintainSubscriptions(deps)),
      "rc-admin-job": task("rc-admin-job", (p) => runAdminJob(deps, p.jobId)),
      "process-recording": task("process-recording", (p) => processRecording(deps, p.conversationId)),
      "purge-recordings": task("purge-recordings", () => purgeRecordings(deps)),
      "reconcile-tick": task("reconcile-tick", async (p) => {
        try {
          await reconcileTick(deps, p.tick);
        } finally {
          await scheduleNextTick(deps, p.tick + 1);
        }
      }),
    }),
    cron: ["*/5 * * * * maintain-subscriptions", "17 3 * * * purge-recordings"],
    onStart: () => scheduleNextTick(deps, 0),
  };
}
