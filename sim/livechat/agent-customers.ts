import { z } from "zod";
import type { ActionTable } from "./actions.ts";
import type { ApiVersion } from "./constants.ts";
import type { LivechatDeps } from "./deps.ts";
import { sourceOf } from "./deps.ts";
import { lcError, parseBody } from "./errors.ts";
import { decodePage, encodePage } from "./pagination.ts";
import type { CustomerInput } from "./people-ops.ts";
import type { CustomerRecord } from "./state.ts";
import { renderCustomer } from "./views.ts";

const sessionFields = z.array(z.record(z.string(), z.string())).max(100);
const customerFields = {
  name: z.string().max(255).optional(),
  email: z.email().optional(),
  avatar: z.string().max(1000).optional(),
  session_fields: sessionFields.optional(),
};
const E164 = /^\+[1-9]\d{1,14}$/;

function updateCustomerSchema(version: ApiVersion) {
  // `phone_number`, `address` and `omnichannel` exist only in v3.6.
  const extra =
    version === "3.6"
      ? {
          phone_number: z.string().regex(E164, "must be E.164").optional(),
          address: z.record(z.string(), z.string()).optional(),
          omnichannel: z.record(z.string(), z.unknown()).optional(),
        }
      : {};
  return z
    .object({ id: z.string().min(1), ...customerFields, ...extra })
    .strict()
    .refine((v) => Object.keys(v).length > 1, "at least one field besides `id` is required");
}

const getCustomerSchema = z.object({ id: z.string().min(1) });
const idFilter = z.object({ values: z.array(z.string()).optional(), exclude_values: z.array(z.string()).optional() });
const customersFilters = z.object({
  email: idFilter.optional(),
  name: idFilter.optional(),
  customer_id: idFilter.optional(),
});
const listQuerySchema = z.object({
  filters: customersFilters,
  limit: z.number().int().positive(),
  sortOrder: z.enum(["asc", "desc"]),
  offset: z.number().int().nonnegative(),
});
const listCustomersSchema = z.union([
  z.object({ page_id: z.string().min(1) }).strict(),
  z.object({
    filters: customersFilters.optional(),
    sort_by: z
      .enum(["created_at", "threads_count", "visits_count", "agent_last_event", "customer_last_event"])
      .optional(),
    sort_order: z.enum(["asc", "desc"]).optional(),
    limit: z.number().int().min(1).max(100).optional(),
  }),
]);

function keep(value: string | undefined, filter: z.infer<typeof idFilter> | undefined): boolean {
  if (!filter) return true;
  if (filter.values && (value === undefined || !filter.values.includes(value))) return false;
  return !(filter.exclude_values && value !== undefined && filter.exclude_values.includes(value));
}

function toInput(input: { name?: string; email?: string; avatar?: string; session_fields?: Record<string, string>[] }) {
  const out: CustomerInput = {};
  if (input.name !== undefined) out.name = input.name;
  if (input.email !== undefined) out.email = input.email;
  if (input.avatar !== undefined) out.avatar = input.avatar;
  if (input.session_fields !== undefined) out.sessionFields = input.session_fields;
  return out;
}

function findCustomer(deps: LivechatDeps, id: string): CustomerRecord {
  const customer = deps.state.customers.get(id);
  if (!customer) throw lcError("not_found", "Customer not found");
  return customer;
}

/** Agent Chat API: customers. v3.6 has only get/update; v3.5 also lists and creates. */
export function agentCustomerActions(deps: LivechatDeps): ActionTable {
  return {
    get_customer: {
      run: ({ body, version }) =>
        renderCustomer(deps.state, findCustomer(deps, parseBody(getCustomerSchema, body).id), version),
    },
    update_customer: {
      run: ({ body, version, requester }) => {
        const input = parseBody(updateCustomerSchema(version), body);
        const customer = findCustomer(deps, input.id);
        const changes = toInput(input);
        if ("phone_number" in input && typeof input.phone_number === "string") changes.phoneNumber = input.phone_number;
        deps.people.updateCustomer(customer, changes, sourceOf(requester));
        return {};
      },
    },
    create_customer: {
      versions: ["3.5"],
      run: ({ body, requester }) => {
        const input = parseBody(z.object(customerFields).strict(), body);
        return { customer_id: deps.people.createCustomer(toInput(input), sourceOf(requester)).id };
      },
    },
    list_customers: {
      versions: ["3.5"],
      run: ({ body, version }) => {
        const input = parseBody(listCustomersSchema, body);
        const query =
          "page_id" in input
            ? decodePage(input.page_id, listQuerySchema)
            : {
                filters: input.filters ?? {},
                limit: input.limit ?? 10,
                sortOrder: input.sort_order ?? "desc",
                offset: 0,
              };
        const found = [...deps.state.customers.values()]
          .filter((c) => keep(c.email, query.filters.email) && keep(c.name, query.filters.name))
          .filter((c) => keep(c.id, query.filters.customer_id))
          .sort((a, b) => (query.sortOrder === "asc" ? 1 : -1) * a.createdAt.localeCompare(b.createdAt));
        const page = found.slice(query.offset, query.offset + query.limit);
        const out: Record<string, unknown> = {
          customers: page.map((c) => renderCustomer(deps.state, c, version)),
          total_customers: found.length,
        };
        const next = query.offset + query.limit;
        if (next < found.length) out.next_page_id = encodePage({ ...query, offset: next });
        if (query.offset > 0)
          out.previous_page_id = encodePage({ ...query, offset: Math.max(0, query.offset - query.limit) });
        return out;
      },
    },
  };
}
