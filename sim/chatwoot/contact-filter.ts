import { z } from "zod";
import { ChatwootError } from "./errors.ts";
import type { Contact } from "./model.ts";

/**
 * `POST …/contacts/filter` (doc §5.1, `lib/filters/filter_keys.yml`): exact matching, unlike search. Conditions
 * are chained with each one's `query_operator`; as in the SQL Chatwoot builds, AND binds tighter than OR.
 */

const conditionSchema = z.object({
  attribute_key: z.string().min(1),
  filter_operator: z.string().min(1),
  values: z.array(z.unknown()).default([]),
  query_operator: z
    .string()
    .nullable()
    .optional()
    .transform((v) => v?.toUpperCase() ?? null),
});
export const contactFilterSchema = z.object({ payload: z.array(conditionSchema).min(1) });
export type ContactCondition = z.output<typeof conditionSchema>;

const TEXT_OPERATORS = ["equal_to", "not_equal_to", "contains", "does_not_contain", "is_present", "is_not_present"];
const OPERATORS: Record<string, string[]> = {
  name: TEXT_OPERATORS,
  email: TEXT_OPERATORS,
  identifier: TEXT_OPERATORS,
  phone_number: [...TEXT_OPERATORS, "starts_with"],
  country_code: ["equal_to", "not_equal_to"],
  city: TEXT_OPERATORS,
  company_name: TEXT_OPERATORS,
  labels: ["equal_to", "not_equal_to", "is_present", "is_not_present"],
  blocked: ["equal_to", "not_equal_to"],
  created_at: ["is_greater_than", "is_less_than", "days_before"],
  last_activity_at: ["is_greater_than", "is_less_than", "days_before"],
};

const ADDITIONAL = new Set(["country_code", "city", "company_name"]);

function attributeValue(contact: Contact, key: string): unknown {
  switch (key) {
    case "name":
      return contact.name;
    case "email":
      return contact.email;
    case "identifier":
      return contact.identifier;
    case "phone_number":
      return contact.phoneNumber;
    case "labels":
      return contact.labels;
    case "blocked":
      return contact.blocked;
    case "created_at":
      return contact.createdAt;
    case "last_activity_at":
      return contact.lastActivityAt;
    default:
      // Anything else is a contact custom attribute (the sandbox has no attribute definitions to check against).
      return ADDITIONAL.has(key) ? contact.additionalAttributes[key] : contact.customAttributes[key];
  }
}

const text = (v: unknown): string => (v === null || v === undefined ? "" : String(v).toLowerCase());

function matches(contact: Contact, c: ContactCondition, nowMs: number): boolean {
  const actual = attributeValue(contact, c.attribute_key);
  const wanted = c.values.map(text);
  const list = Array.isArray(actual) ? actual.map(text) : [text(actual)];
  const present = list.some((v) => v !== "");
  switch (c.filter_operator) {
    case "equal_to":
      return list.some((v) => wanted.includes(v));
    case "not_equal_to":
      return !list.some((v) => wanted.includes(v));
    case "contains":
      return list.some((v) => wanted.some((w) => v.includes(w)));
    case "does_not_contain":
      return !list.some((v) => wanted.some((w) => v.includes(w)));
    case "starts_with":
      return list.some((v) => wanted.some((w) => v.startsWith(w)));
    case "is_present":
      return present;
    case "is_not_present":
      return !present;
    case "is_greater_than":
    case "is_less_than":
    case "days_before": {
      if (typeof actual !== "number") return false;
      const limit =
        c.filter_operator === "days_before"
          ? nowMs - Number(c.values[0]) * 86_400_000
          : Date.parse(String(c.values[0] ?? ""));
      return c.filter_operator === "is_greater_than" ? actual > limit : actual < limit;
    }
    default:
      return false;
  }
}

/** Validates operators (422 `{"message"}` like Chatwoot's CustomFilter exceptions) and returns the predicate. */
export function compileContactFilter(conditions: ContactCondition[], nowMs: number): (c: Contact) => boolean {
  for (const c of conditions) {
    const allowed = OPERATORS[c.attribute_key] ?? [...TEXT_OPERATORS, "is_greater_than", "is_less_than"];
    if (!allowed.includes(c.filter_operator)) {
      throw new ChatwootError(422, {
        message: `Invalid operator. The allowed operators for ${c.attribute_key} are [${allowed.join(",")}].`,
      });
    }
  }
  // Split into OR-groups of AND-ed conditions: `a AND b OR c` is `(a AND b) OR c`.
  const groups: ContactCondition[][] = [[]];
  conditions.forEach((c, i) => {
    groups[groups.length - 1]?.push(c);
    const joiner = conditions[i + 1] === undefined ? null : c.query_operator;
    if (joiner === "OR") groups.push([]);
  });
  return (contact) => groups.some((group) => group.every((c) => matches(contact, c, nowMs)));
}
