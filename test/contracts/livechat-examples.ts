import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Named, ObjectShape, Shape } from "./example-shape.ts";
import { anyObject, arrayOf, mapOf, mergeShapes, setRequired, shapeOf, variantsOf } from "./example-shape.ts";
import type { JsonRecord } from "./json-pointer.ts";
import { isRecord } from "./json-pointer.ts";

/**
 * LiveChat publishes no schema for the Agent Chat / Configuration APIs or webhooks, only example JSON per method,
 * per data structure and per webhook (shared/specs/livechat/examples, SOURCE.md). This turns them into shapes:
 * a structure that appears in many examples (a user, an event, a thread) gets the merge of all of them, so a key
 * is required only when every documented instance shows it.
 */

export type LivechatApi = "agent" | "configuration";
export type ExampleVersion = "v3.5" | "v3.6";

const API_FOLDER: Record<LivechatApi, string> = { agent: "agent-chat-api", configuration: "configuration-api" };

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, "utf8"));
const jsonFiles = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir, { recursive: true, encoding: "utf8" })
        .filter((f) => f.endsWith(".json"))
        .sort()
        .map((f) => join(dir, f))
    : [];

/** The docs' data-structure examples misspell `properties` once (SOURCE.md keeps the typo); read them as meant. */
const fixTypos = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(fixTypos);
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k === "properites" ? "properties" : k, fixTypos(v)]),
  );
};

/** Every non-empty object found under `key`, anywhere (list items included); `{}` placeholders carry nothing. */
function harvest(values: readonly unknown[], key: string): JsonRecord[] {
  const out: JsonRecord[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item);
      return;
    }
    if (!isRecord(value)) return;
    for (const [k, v] of Object.entries(value)) {
      if (k === key) {
        for (const item of Array.isArray(v) ? v : [v])
          if (isRecord(item) && Object.keys(item).length > 0) out.push(item);
      }
      walk(v);
    }
  };
  for (const value of values) walk(value);
  return out;
}

/**
 * platforms/livechat.md §1.7: a customer has `id` and `type` and "optionally" everything else it lists (v3.5's
 * `last_visit` is v3.6's `visit`). The examples happen to show them all, which must not make them required.
 */
const OPTIONAL_CUSTOMER_FIELDS = [
  "name",
  "email",
  "email_verified",
  "avatar",
  "phone_number",
  "session_fields",
  "visit",
  "last_visit",
  "statistics",
  "created_at",
  "present",
  "events_seen_up_to",
  "state",
  "group_ids",
  "followed",
  "online",
  "address",
  "omnichannel",
  "tickets",
  "carts",
];

function relaxCustomer(users: Shape): Shape {
  const object = users.object;
  const customer = object?.kind === "variants" ? object.cases.get("customer") : undefined;
  if (object?.kind !== "variants" || !customer) return users;
  const cases = new Map(object.cases).set("customer", setRequired(customer, OPTIONAL_CUSTOMER_FIELDS, false));
  return { ...users, object: { ...object, cases } };
}

const mergeAll = (shapes: Shape[]): Shape | undefined => (shapes.length ? shapes.reduce(mergeShapes) : undefined);

export class LivechatExamples {
  readonly version: ExampleVersion;
  readonly named: Named;
  readonly #root: string;
  readonly #customer: ObjectShape | undefined;

  constructor(root: string, version: ExampleVersion) {
    this.#root = root;
    this.version = version;
    const agent = join(root, "agent-chat-api", version);
    const structures = join(agent, "data-structures");
    const read = (files: string[]) => files.map((f) => fixTypos(readJson(f)));
    const records = (values: unknown[]) => values.filter(isRecord);
    const events = read(jsonFiles(join(structures, "events")));
    // myProfile is the RTM login's own-profile object, not a chat user.
    const users = read(jsonFiles(join(structures, "users")).filter((f) => !f.endsWith("myProfile.json")));
    const otherFiles = jsonFiles(join(structures, "other-structures"));
    const others = read(otherFiles);
    const other = (name: string) => records(read(otherFiles.filter((f) => f.endsWith(`/${name}.json`))));
    const corpus = [
      ...events,
      ...users,
      ...others,
      ...read(jsonFiles(join(agent, "methods")).filter((f) => f.endsWith(".response.json"))),
      ...read(this.#webhookFiles()),
    ];
    const named = new Map<string, Shape>([
      // Maps keyed by data (namespaces, customer-defined keys), never a fixed set of keys.
      ["properties", anyObject()],
      ["session_fields", arrayOf(anyObject())],
      ["text_vars", anyObject()],
      ["chat_properties", anyObject()],
    ]);
    const userShape = relaxCustomer(
      variantsOf("type", [...records(users), ...harvest(corpus, "users"), ...harvest(corpus, "user")], named),
    );
    this.#customer = userShape.object?.kind === "variants" ? userShape.object.cases.get("customer") : undefined;
    named.set("user", userShape);
    // v3.5 `incoming_customer` nests the customer as `{customer: {...}}` (placeholder in the docs).
    named.set("customer", userShape);
    named.set("users", arrayOf(userShape));
    const eventShape = variantsOf(
      "type",
      [...records(events), ...harvest(corpus, "events"), ...harvest(corpus, "event")],
      named,
    );
    named.set("event", eventShape);
    named.set("events", arrayOf(eventShape));
    const set = (key: string, instances: JsonRecord[], wrap: (s: Shape) => Shape = (s) => s) => {
      const merged = mergeAll(instances.map((i) => shapeOf(i, named)));
      if (merged) named.set(key, wrap(merged));
    };
    set("thread", [...other("thread"), ...harvest(corpus, "thread"), ...harvest(corpus, "threads")]);
    set(
      "last_event_per_type",
      harvest(corpus, "last_event_per_type").flatMap((m) => records(Object.values(m))),
      mapOf,
    );
    set("last_thread_summary", harvest(corpus, "last_thread_summary"));
    set("chats_summary", [...other("chatSummary"), ...harvest(corpus, "chats_summary")], arrayOf);
    this.named = named;
  }

  methodFile(api: LivechatApi, action: string, part: "request" | "response"): string {
    return join(this.#root, API_FOLDER[api], this.version, "methods", `${action}.${part}.json`);
  }

  /** The docs show a method only through its request and/or response example. */
  documents(api: LivechatApi, action: string): boolean {
    return existsSync(this.methodFile(api, action, "request")) || existsSync(this.methodFile(api, action, "response"));
  }

  /** `undefined`: the docs say "No response payload (200 OK)", shown by the absence of a response file. */
  response(api: LivechatApi, action: string): Shape | undefined {
    const file = this.methodFile(api, action, "response");
    if (!existsSync(file)) return undefined;
    const shape = shapeOf(readJson(file), this.named);
    // get_customer returns "the Customer object" (data-structures users/customer) plus `chat_ids` (livechat.md §2.2).
    if (api !== "agent" || action !== "get_customer" || this.#customer?.kind !== "fields") return shape;
    const fields = new Map(this.#customer.fields);
    fields.set("chat_ids", { shape: arrayOf({ primitives: new Set(["string"]) }), required: true });
    return mergeShapes(shape, { primitives: new Set(), object: { ...this.#customer, fields } });
  }

  request(api: LivechatApi, action: string): Shape {
    const file = this.methodFile(api, action, "request");
    const shape = existsSync(file) ? shapeOf(readJson(file), this.named) : shapeOf({});
    // An empty request example shows "no parameters", not "any parameters".
    if (shape.object?.kind === "fields") shape.object.open = false;
    return shape;
  }

  /** All documented examples of one webhook action merged (official, then the composed fillings for v3.6). */
  webhook(action: string): Shape | undefined {
    const mine = this.#webhookFiles().filter((f) => {
      const name = f.split("/").at(-1) ?? "";
      return name === `${action}.json` || name.startsWith(`${action}.`);
    });
    return mergeAll(mine.map((f) => shapeOf(readJson(f), this.named)));
  }

  #webhookFiles(): string[] {
    const dir = join(this.#root, "webhooks");
    return [...jsonFiles(join(dir, this.version)), ...jsonFiles(join(dir, `${this.version}-composed`))];
  }
}
