import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type StubServer, startStubServer } from "../../../test/helpers/chatwoot-stub-server.ts";
import { ChatwootClient } from "./client.ts";
import { SWITCHBOARD_SUBSCRIPTIONS } from "./client-types.ts";

const API = join(import.meta.dirname, "../../../test/fixtures/chatwoot/api");
const apiFixture = (name: string): unknown => JSON.parse(readFileSync(join(API, `${name}.json`), "utf8"));
const JANE = { id: 42, name: "Jane Doe", email: "jane@example.com", phone_number: "+14155550123" };
const HOOK = {
  id: 5,
  name: "switchboard",
  url: "https://hub.example/ingest/chatwoot/c1",
  account_id: 1,
  subscriptions: ["message_created"],
  secret: "whsec-from-chatwoot",
};

let stub: StubServer;
beforeAll(async () => {
  stub = await startStubServer();
});
afterAll(() => stub.close());
beforeEach(() => stub.reset());

const client = () => new ChatwootClient({ baseUrl: stub.baseUrl, accountId: "1", apiAccessToken: "tok" });

describe("ChatwootClient contacts", () => {
  it("filters contacts by exact email with the filter payload format", async () => {
    stub.replies.push({ body: { meta: { count: 1, current_page: 1 }, payload: [JANE] } });
    const r = await client().filterContacts([
      { attributeKey: "email", filterOperator: "equal_to", values: ["jane@example.com"], queryOperator: "OR" },
      { attributeKey: "phone_number", filterOperator: "equal_to", values: ["+14155550123"] },
    ]);
    expect(stub.last()).toMatchObject({ method: "POST", url: "/api/v1/accounts/1/contacts/filter?page=1" });
    expect(stub.last().body).toEqual({
      payload: [
        { attribute_key: "email", filter_operator: "equal_to", values: ["jane@example.com"], query_operator: "OR" },
        { attribute_key: "phone_number", filter_operator: "equal_to", values: ["+14155550123"], query_operator: null },
      ],
    });
    expect(r.ok && r.value.contacts.map((c) => c.id)).toEqual(["42"]);
    expect(r.ok && r.value.count).toBe(1);
  });

  it("searches with the + of a phone number encoded", async () => {
    stub.replies.push({ body: apiFixture("contact_search_response") });
    const r = await client().searchContacts("+14155550123");
    expect(stub.last().url).toBe("/api/v1/accounts/1/contacts/search?q=%2B14155550123&page=1");
    expect(r.ok && r.value).toMatchObject({
      count: 1,
      hasMore: false,
      contacts: [{ id: "42", email: "jane@example.com" }],
    });
  });

  it("creates a contact and unwraps payload.contact", async () => {
    stub.replies.push({
      body: { payload: { contact: { ...JANE, contact_inboxes: [] }, contact_inbox: { source_id: "s1" } } },
    });
    const r = await client().createContact({
      name: "Jane Doe",
      email: "jane@example.com",
      phoneNumber: "+14155550123",
      inboxId: "7",
    });
    expect(stub.last().body).toEqual({
      name: "Jane Doe",
      email: "jane@example.com",
      phone_number: "+14155550123",
      inbox_id: 7,
    });
    expect(r.ok && r.value.id).toBe("42");
  });

  it("accepts a create response wrapped as { payload: contact } too", async () => {
    stub.replies.push({ body: { payload: JANE } });
    expect(await client().createContact({ name: "Jane Doe" })).toMatchObject({ ok: true, value: { id: "42" } });
  });

  it("updates a contact with PUT and reads { payload: contact } or a bare contact", async () => {
    stub.replies.push({ body: { payload: { ...JANE, custom_attributes: { crm_id: "C-1" } } } }, { body: JANE });
    const r = await client().updateContact(42, { customAttributes: { crm_id: "C-1" } });
    expect(stub.last()).toMatchObject({
      method: "PUT",
      url: "/api/v1/accounts/1/contacts/42",
      body: { custom_attributes: { crm_id: "C-1" } },
    });
    expect(r.ok && r.value.custom_attributes).toEqual({ crm_id: "C-1" });
    expect(await client().getContact(42)).toMatchObject({ ok: true, value: { id: "42" } });
  });
});

describe("ChatwootClient webhooks", () => {
  it("lists webhooks wrapped in payload.webhooks (controller) or as a bare array (swagger)", async () => {
    stub.replies.push({ body: { payload: { webhooks: [HOOK] } } }, { body: [HOOK] });
    expect(await client().listWebhooks()).toMatchObject({
      ok: true,
      value: [{ id: "5", secret: "whsec-from-chatwoot" }],
    });
    expect(stub.last()).toMatchObject({ method: "GET", url: "/api/v1/accounts/1/webhooks" });
    expect(await client().listWebhooks()).toMatchObject({ ok: true, value: [{ id: "5" }] });
  });

  it("creates a webhook and returns the secret Chatwoot generated", async () => {
    stub.replies.push({ body: { payload: { webhook: { ...HOOK, subscriptions: [...SWITCHBOARD_SUBSCRIPTIONS] } } } });
    const r = await client().createWebhook({
      url: HOOK.url,
      name: "switchboard",
      subscriptions: SWITCHBOARD_SUBSCRIPTIONS,
    });
    expect(stub.last()).toMatchObject({
      method: "POST",
      url: "/api/v1/accounts/1/webhooks",
      body: { webhook: { url: HOOK.url, name: "switchboard", subscriptions: [...SWITCHBOARD_SUBSCRIPTIONS] } },
    });
    expect(r.ok && r.value.secret).toBe("whsec-from-chatwoot");
  });

  it("deletes a webhook whose reply has no body", async () => {
    stub.replies.push({ text: "" });
    expect(await client().deleteWebhook(5)).toEqual({ ok: true, value: undefined });
    expect(stub.last()).toMatchObject({ method: "DELETE", url: "/api/v1/accounts/1/webhooks/5" });
  });
});
