import type { ConnectionRow } from "../connections/repo.ts";
import type { PlatformId } from "../domain/platform.ts";
import type { PlatformError } from "../lib/http-client.ts";
import { err } from "../lib/result.ts";
import type { ClientCache } from "../platforms/clients.ts";
import { commandOwners, isOwnedBy } from "../platforms/command-owners.ts";
import type { ExecuteOutcome } from "../platforms/connection-types.ts";
import { platforms } from "../platforms/registry.ts";
import type { CommandPayload } from "./kinds.ts";

export type { ExecuteOutcome };

const invalid = (message: string): PlatformError => ({ kind: "invalid_response", message, retryable: false });

/** Sends one command through the platform module that owns its kind. Pure plumbing: what to send was decided before. */
export async function sendCommand(
  clients: ClientCache,
  connection: ConnectionRow,
  payload: CommandPayload,
): Promise<ExecuteOutcome> {
  const owner = commandOwners[payload.kind];
  if (owner === "bot") return err(invalid("bot commands are sent by the bot's executor (src/bot/channels/send.ts)"));
  return sendAs(owner, clients, connection, payload);
}

function sendAs<P extends PlatformId>(
  owner: P,
  clients: ClientCache,
  connection: ConnectionRow,
  payload: CommandPayload,
): Promise<ExecuteOutcome> {
  if (!isOwnedBy(owner, payload)) return Promise.resolve(err(invalid(`${payload.kind} is not ${owner}'s command`)));
  return platforms[owner].execute(clients.of(owner, connection), payload);
}
