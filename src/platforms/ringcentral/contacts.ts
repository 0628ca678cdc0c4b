import { ok } from "../../lib/result.ts";
import type { ContactFound, ContactTarget } from "../connection-types.ts";
import type { RingcentralClients } from "./config.ts";

/**
 * RingCentral's personal address book is searchable by phone number only (platforms/ringcentral.md §3: the
 * lookup-by-caller-number call). An email-only customer is looked for among contacts whose name starts like
 * theirs; without a name one is created, and the platform identity recorded after keeps it to one.
 */
export async function findRingcentralContact(
  { client: rc }: RingcentralClients,
  target: ContactTarget,
): Promise<ContactFound> {
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
