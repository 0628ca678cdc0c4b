import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { agentToken, arr, type Harness, obj, type Receiver, startReceiver, startSim } from "./test-support.ts";

let h: Harness;
let rx: Receiver;
beforeEach(async () => {
  rx = await startReceiver();
  h = await startSim({ webhooks: [{ url: rx.url, subscriptions: ["contact_created", "contact_updated"] }] });
});
afterEach(async () => {
  await h.close();
  await rx.close();
});

const payload = (json: unknown) => arr(obj(json).payload).map(obj);

describe("contacts", () => {
  it("lists the demo customers with meta and contact_inboxes", async () => {
    const res = await h.api("GET", `${h.account}/contacts`, { token: agentToken(1) });
    expect(res.status).toBe(200);
    expect(obj(obj(res.json).meta)).toEqual({ count: 4, current_page: 1 });
    const jane = payload(res.json).find((c) => c.email === "jane.cooper@example.com");
    expect(jane).toMatchObject({ name: "Jane Cooper", phone_number: "+14155550101", contact_inboxes: [] });
  });

  it("searches by substring of name, email or phone and requires q", async () => {
    const byPhone = await h.api("GET", `${h.account}/contacts/search?q=${encodeURIComponent("+1415555010")}`);
    expect(payload(byPhone.json)).toHaveLength(4);
    expect(obj(obj(byPhone.json).meta)).toMatchObject({ count: 4, has_more: false });
    const byEmail = await h.api("GET", `${h.account}/contacts/search?q=WADE&page=1`);
    expect(payload(byEmail.json).map((c) => c.name)).toEqual(["Wade Warren"]);
    expect(obj(obj(byEmail.json).meta).current_page).toBe("1");
    const missing = await h.api("GET", `${h.account}/contacts/search`);
    expect(missing.status).toBe(422);
    expect(missing.json).toEqual({ error: "Specify search string with parameter q" });
  });

  it("filters exactly, with AND binding tighter than OR", async () => {
    const exact = await h.api("POST", `${h.account}/contacts/filter`, {
      body: {
        payload: [
          {
            attribute_key: "email",
            filter_operator: "equal_to",
            values: ["JANE.COOPER@example.com"],
            query_operator: null,
          },
        ],
      },
    });
    expect(payload(exact.json).map((c) => c.name)).toEqual(["Jane Cooper"]);
    const combined = await h.api("POST", `${h.account}/contacts/filter`, {
      body: {
        payload: [
          { attribute_key: "name", filter_operator: "contains", values: ["esther"], query_operator: "AND" },
          {
            attribute_key: "phone_number",
            filter_operator: "equal_to",
            values: ["+14155550199"],
            query_operator: "OR",
          },
          { attribute_key: "phone_number", filter_operator: "equal_to", values: ["+14155550104"] },
        ],
      },
    });
    expect(payload(combined.json).map((c) => c.name)).toEqual(["Cameron Williamson"]);
    const bad = await h.api("POST", `${h.account}/contacts/filter`, {
      body: { payload: [{ attribute_key: "email", filter_operator: "starts_with", values: ["x"] }] },
    });
    expect(bad.status).toBe(422);
  });

  it("creates with an inbox, enforces uniqueness and E.164, and fires contact_created", async () => {
    const res = await h.api("POST", `${h.account}/contacts`, {
      body: { name: "Lee", email: "Lee@Example.com", phone_number: "+442071234567", inbox_id: 1, identifier: "lc:1" },
    });
    expect(res.status).toBe(200);
    const body = obj(obj(res.json).payload);
    expect(obj(body.contact)).toMatchObject({ email: "lee@example.com", identifier: "lc:1" });
    expect(obj(body.contact_inbox)).toMatchObject({ inbox: { id: 1, channel_type: "Channel::Api" } });
    expect(String(obj(body.contact_inbox).source_id)).toMatch(/^[0-9a-f-]{36}$/);

    const dup = await h.api("POST", `${h.account}/contacts`, { body: { email: "LEE@example.com" } });
    expect(dup.status).toBe(422);
    expect(dup.json).toEqual({ message: "Email has already been taken", attributes: ["email"] });
    const phone = await h.api("POST", `${h.account}/contacts`, { body: { phone_number: "0207" } });
    expect(phone.json).toEqual({ message: "Phone number should be in e164 format", attributes: ["phone_number"] });
    await h.sim.settle();
    expect(rx.events()).toEqual(["contact_created"]);
    expect(rx.received[0]?.json).toMatchObject({ email: "lee@example.com", account: { id: 1 } });
    expect(rx.received[0]?.json).not.toHaveProperty("type");
  });

  it("updates by merging attributes and fires contact_updated only on change", async () => {
    await h.api("PUT", `${h.account}/contacts/1`, { body: { custom_attributes: { crm: "C-1" } } });
    const res = await h.api("PATCH", `${h.account}/contacts/1`, {
      body: { phone_number: "+14155550999", custom_attributes: { tier: "gold" } },
    });
    expect(obj(obj(res.json).payload)).toMatchObject({
      phone_number: "+14155550999",
      custom_attributes: { crm: "C-1", tier: "gold" },
    });
    await h.api("PATCH", `${h.account}/contacts/1`, { body: { phone_number: "+14155550999" } });
    await h.sim.settle();
    expect(rx.events()).toEqual(["contact_updated", "contact_updated"]);
    const phoneChange = rx.received
      .flatMap((r) => arr(r.json.changed_attributes))
      .find((c) => "phone_number" in obj(c));
    expect(phoneChange).toEqual({ phone_number: { previous_value: "+14155550101", current_value: "+14155550999" } });
    expect((await h.api("PATCH", `${h.account}/contacts/999`, { body: { name: "x" } })).status).toBe(404);
  });

  it("lists a contact's conversations", async () => {
    await h.api("POST", "/_sim/conversations", {
      body: { inboxId: 1, contact: { email: "jane.cooper@example.com" }, text: "a" },
    });
    const res = await h.api("GET", `${h.account}/contacts/1/conversations`);
    expect(payload(res.json).map((c) => c.inbox_id)).toEqual([1]);
  });
});
