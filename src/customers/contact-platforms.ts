import type { ConnectionRow } from "../connections/repo.ts";
import type { Deps } from "../deps.ts";
import type { PlatformError } from "../lib/http-client.ts";
import { err, ok, type Result } from "../lib/result.ts";

export type ContactTarget = { name?: string; email?: string; phone?: string };
type Found = Result<{ id: string; created: boolean }, PlatformError>;

const unsupported = (platform: string): PlatformError => ({
  kind: "invalid_response",
  message: `contacts are not synced to ${platform}`,
  retryable: false,
});

/** Finds the customer's contact on the connection's platform, creating it when none matches. */
export async function findContactOnPlatform(
  deps: Deps,
  connection: ConnectionRow,
  target: ContactTarget,
): Promise<Found> {
  switch (connection.platform) {
    case "ringcentral":
      return ringcentralContact(deps, connection, target);
    case "chatwoot":
      return chatwootContact(deps, connection, target);
    default:
      return err(unsupported(connection.platform));
  }
}

/**
 * RingCentral's personal address book is searchable by phone number only (platforms/ringcentral.md §3: the
 * lookup-by-caller-number call). An email-only customer is looked for among contacts whose name starts like
 * theirs; without a name one is created, and the platform identity recorded after keeps it to one.
 */
async function ringcentralContact(deps: Deps, connection: ConnectionRow, target: ContactTarget): Promise<Found> {
  const rc = deps.clients.ringcentral(connection).client;
  const firstName = target.name?.split(/\s+/)[0];
  if (target.phone || firstName) {
    const found = await rc.searchContacts(
      target.phone ? { phoneNumber: target.phone } : { startsWith: firstName, perPage: 100 },
    );
    if (!found.ok) return found;
    const match = found.value.records.find((c) =>
      target.phone ? true : target.email !== undefined && c.email?.toLowerCase() === target.email,
    );
    if (match) return ok({ id: String(match.id), created: false });
  }
  const [first, ...rest] = (target.name ?? "").split(/\s+/).filter(Boolean);
  const created = await rc.createContact({
    firstName: first ?? target.email ?? target.phone,
    lastName: rest.length > 0 ? rest.join(" ") : undefined,
    email: target.email,
    mobilePhone: target.phone,
    notes: "Created by Switchboard from a chat customer.",
  });
  return created.ok ? ok({ id: String(created.value.id), created: true }) : created;
}

/** Chatwoot's filter is an exact match (search is a throttled substring match); email and phone are unique per account. */
async function chatwootContact(deps: Deps, connection: ConnectionRow, target: ContactTarget): Promise<Found> {
  const cw = deps.clients.chatwoot(connection).client;
  const find = async (): Promise<Result<string | undefined, PlatformError>> => {
    const conditions = [
      ...(target.email
        ? [
            {
              attributeKey: "email",
              filterOperator: "equal_to" as const,
              values: [target.email],
              queryOperator: "OR" as const,
            },
          ]
        : []),
      ...(target.phone
        ? [{ attributeKey: "phone_number", filterOperator: "equal_to" as const, values: [target.phone] }]
        : []),
    ];
    const page = await cw.filterContacts(conditions);
    if (!page.ok) return page;
    const first = page.value.contacts[0];
    return ok(first ? String(first.id) : undefined);
  };
  const existing = await find();
  if (!existing.ok) return existing;
  if (existing.value) return ok({ id: existing.value, created: false });
  const created = await cw.createContact({
    name: target.name ?? target.email ?? target.phone,
    email: target.email,
    phoneNumber: target.phone,
  });
  if (created.ok) return ok({ id: String(created.value.id), created: true });
  // 422 "has already been taken": someone created it between our look and our write; look again.
  if (created.error.status === 422) {
    const again = await find();
    if (again.ok && again.value) return ok({ id: again.value, created: false });
  }
  return created;
}
