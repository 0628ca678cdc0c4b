import type { PlatformError } from "../../lib/http-client.ts";
import { ok, type Result } from "../../lib/result.ts";
import type { ContactFound, ContactTarget } from "../connection-types.ts";
import type { ChatwootClients } from "./config.ts";

/** Chatwoot's filter is an exact match (search is a throttled substring match); email and phone are unique per account. */
export async function findChatwootContact(
  { client: cw }: ChatwootClients,
  target: ContactTarget,
): Promise<ContactFound> {
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
