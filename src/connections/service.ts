import type { z } from "zod";
import type { ConnectionDto, createConnectionBody, createdConnectionSchema } from "../api/contracts.ts";
import { audit } from "../db/audit.ts";
import { connections } from "../db/schema/index.ts";
import type { Deps } from "../deps.ts";
import { encrypt, randomToken } from "../lib/crypto.ts";
import { newId } from "../lib/ids.ts";
import { type ConnectionRow, sealCredentials } from "./repo.ts";

export const webhookUrlFor = (deps: Deps, row: { platform: string; id: string }) =>
  `${publicUrl(deps)}/webhooks/${row.platform}/${row.id}`;

export const publicUrl = (deps: Deps) =>
  (deps.config.PUBLIC_URL ?? `http://${deps.config.HOST}:${deps.config.PORT}`).replace(/\/$/, "");

export function toConnectionDto(deps: Deps, row: ConnectionRow): ConnectionDto {
  return {
    id: row.id,
    platform: row.platform as ConnectionDto["platform"],
    name: row.name,
    settings: row.settings,
    status: row.status,
    webhookUrl: webhookUrlFor(deps, row),
    hasWebhookSecret: row.webhookSecretEnc !== null,
    hasCredentials: row.credentialsEnc !== null,
    connectResult: row.connectResult ?? undefined,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function createConnection(
  deps: Deps,
  workspaceId: string,
  actor: string,
  input: z.infer<typeof createConnectionBody>,
): Promise<z.infer<typeof createdConnectionSchema>> {
  // LiveChat and RingCentral receive the secret from us (register_webhook / verificationToken); Chatwoot issues its own.
  const webhookSecret =
    input.webhookSecret ?? (deps.platforms[input.platform].secretIssuedBy === "switchboard" ? randomToken(24) : null);
  const id = newId("con");
  await deps.database.db.transaction(async (tx) => {
    await tx.insert(connections).values({
      id,
      workspaceId,
      platform: input.platform,
      name: input.name,
      settings: input.settings ?? {},
      credentialsEnc: input.credentials ? sealCredentials(input.credentials, deps.secretKey) : null,
      webhookSecretEnc: webhookSecret ? encrypt(webhookSecret, deps.secretKey) : null,
    });
    await audit(tx, {
      workspaceId,
      actor,
      action: "connection.created",
      target: id,
      details: { platform: input.platform, name: input.name },
    });
  });
  return {
    id,
    platform: input.platform,
    name: input.name,
    webhookUrl: webhookUrlFor(deps, { platform: input.platform, id }),
    webhookSecret,
  };
}
