import type { ConnectionRow } from "../connections/repo.ts";
import type { Deps } from "../deps.ts";
import { isPlatformId, type PlatformId } from "../domain/platform.ts";
import type { PlatformError } from "../lib/http-client.ts";
import { err } from "../lib/result.ts";
import type { ContactFound, ContactTarget } from "../platforms/connection-types.ts";
import { platforms } from "../platforms/registry.ts";

export type { ContactTarget };

const unsupported = (platform: string): PlatformError => ({
  kind: "invalid_response",
  message: `contacts are not synced to ${platform}`,
  retryable: false,
});

/** Finds the customer's contact on the connection's platform (its module's contact operations), creating it when none matches. */
export async function findContactOnPlatform(
  deps: Deps,
  connection: ConnectionRow,
  target: ContactTarget,
): Promise<ContactFound> {
  if (!isPlatformId(connection.platform)) return err(unsupported(connection.platform));
  return findOn(deps, connection.platform, connection, target);
}

function findOn<P extends PlatformId>(
  deps: Deps,
  platform: P,
  connection: ConnectionRow,
  target: ContactTarget,
): Promise<ContactFound> {
  const contacts = platforms[platform].contacts;
  if (!contacts) return Promise.resolve(err(unsupported(platform)));
  return contacts.find(deps.clients.of(platform, connection), target);
}
