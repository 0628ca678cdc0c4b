import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../../test/helpers/hub.ts";
import { conversations, customerMatches } from "../db/schema/index.ts";
import type { DomainEvent } from "../domain/events.ts";
import type { EventHandler } from "../jobs/process-webhook.ts";
import { newId } from "../lib/ids.ts";
import { conversationHandler } from "../sync/conversations.ts";
import { customerLinkHandler } from "./link-handler.ts";

let hub: TestHub;
const LC = "con_livechat_test";
const CW = "con_chatwoot_test";
const RC = "con_ringcentral_test";
const link = customerLinkHandler({ region: "US", verifiedEmailPlatforms: ["chatwoot"], createContactsOn: [] });

/** What the worker does with a normalised event: the handlers in order, in one transaction. */
async function handle(
  connectionId: string,
  event: DomainEvent,
  handlers: EventHandler[] = [conversationHandler, link],
) {
  await hub.deps.database.db.transaction(async (tx) => {
    for (const h of handlers)
      await h(tx, { workspaceId: hub.workspaceId, connectionId, eventId: newId("evt"), nowMs: hub.deps.now() }, event);
  });
}

const chat = (
  platform: "livechat" | "chatwoot",
  chatId: string,
  customer: Record<string, string>,
  at: string,
  text = "hello",
): DomainEvent => ({
  type: "chat.started",
  platform,
  chatId,
  agentIds: [],
  customer,
  messages: [{ id: `${chatId}-m1`, authorId: customer.platformId ?? "c", authorType: "customer", text, at }],
  at,
});

const call = (
  sessionId: string,
  from: string,
  status: "Answered" | "Disconnected",
  sequence: number,
  at: string,
): DomainEvent => ({
  type: "call.updated",
  platform: "ringcentral",
  telephonySessionId: sessionId,
  partyId: "p-1",
  extensionId: "101",
  direction: "Inbound",
  status,
  from,
  to: "+16505550000",
  fromName: "Caller",
  sequence,
  at,
});

async function customerOf(connectionId: string, externalPrefix: string): Promise<string | null> {
  const rows = await hub.deps.database.db
    .select()
    .from(conversations)
    .where(eq(conversations.connectionId, connectionId));
  return rows.find((r) => r.externalId.startsWith(externalPrefix))?.customerId ?? null;
}

beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(async () => hub?.stop());

describe("linking chats and calls to customers", () => {
  it("puts a LiveChat chat and a later call from the customer's number on one customer and one timeline", async () => {
    await handle(
      LC,
      chat(
        "livechat",
        "LC-1",
        { platformId: "lc-u1", name: "Jane Roe", email: "Jane@Example.com", phone: "(415) 555-0101" },
        "2026-01-01T10:00:00.000Z",
      ),
    );
    await handle(RC, call("s-1", "+14155550101", "Answered", 1, "2026-01-01T11:00:00.000Z"));
    await handle(RC, call("s-1", "+14155550101", "Disconnected", 2, "2026-01-01T11:05:00.000Z"));
    const customerId = await customerOf(LC, "LC-1");
    expect(customerId).toBeTruthy();
    expect(await customerOf(RC, "s-1")).toBe(customerId);

    const customer = await hub.api("GET", `/api/customers/${customerId}`);
    expect(customer.body).toMatchObject({ name: "Jane Roe", email: "jane@example.com", phone: "+14155550101" });
    const kinds = (customer.body as { identities: Array<{ kind: string; value: string }> }).identities.map(
      (i) => `${i.kind}:${i.value}`,
    );
    expect(kinds.sort()).toEqual(["email:jane@example.com", "phone:+14155550101", "platform:lc-u1"]);

    const timeline = await hub.api("GET", `/api/customers/${customerId}/timeline`);
    const items = (
      timeline.body as {
        items: Array<{
          channel: string;
          messages: Array<{ text: string }>;
          call: { durationSec: number; result: string } | null;
        }>;
      }
    ).items;
    expect(items.map((i) => i.channel)).toEqual(["chat", "call"]);
    expect(items[0]?.messages.map((m) => m.text)).toEqual(["hello"]);
    expect(items[1]?.call).toMatchObject({ result: "Answered", durationSec: 300 });
  });

  it("links a returning customer by platform id and adds what they tell later", async () => {
    await handle(LC, chat("livechat", "LC-2", { platformId: "lc-u2" }, "2026-01-02T10:00:00.000Z"));
    const first = await customerOf(LC, "LC-2");
    await handle(LC, {
      type: "customer.updated",
      platform: "livechat",
      customer: { platformId: "lc-u2", phone: "+1 650 555 0123" },
      at: "2026-01-02T10:01:00.000Z",
    });
    await handle(LC, chat("livechat", "LC-3", { platformId: "lc-u2" }, "2026-01-03T10:00:00.000Z"));
    expect(await customerOf(LC, "LC-3")).toBe(first);
    const found = await hub.api("GET", "/api/customers?phone=650-555-0123");
    expect((found.body as { items: Array<{ id: string }> }).items.map((c) => c.id)).toEqual([first]);
  });

  it("links across platforms by a verified (Chatwoot) email; an unverified one goes to the review queue", async () => {
    await handle(
      CW,
      chat("chatwoot", "CW-1", { platformId: "77", email: "sam@example.com" }, "2026-01-04T10:00:00.000Z"),
    );
    await handle(
      CW,
      chat("chatwoot", "CW-2", { platformId: "78", email: "SAM@example.com" }, "2026-01-04T11:00:00.000Z"),
    );
    expect(await customerOf(CW, "CW-2")).toBe(await customerOf(CW, "CW-1"));
    await handle(
      LC,
      chat("livechat", "LC-4", { platformId: "lc-u4", email: "sam@example.com" }, "2026-01-04T12:00:00.000Z"),
    );
    const lcCustomer = await customerOf(LC, "LC-4");
    const cwCustomer = await customerOf(CW, "CW-1");
    expect(lcCustomer).not.toBe(cwCustomer);
    const queue = await hub.api("GET", "/api/customer-matches?status=pending");
    const match = (
      queue.body as { items: Array<{ id: string; customerId: string; otherCustomerId: string; reason: string }> }
    ).items.find((m) => m.customerId === lcCustomer);
    expect(match).toMatchObject({ otherCustomerId: cwCustomer, reason: "unverified_email" });

    // Approving merges: the LiveChat chat moves onto the kept customer; the merged one points at it.
    const approved = await hub.api("POST", `/api/customer-matches/${match?.id}/approve`);
    expect(approved.body).toMatchObject({ status: "approved" });
    expect(await customerOf(LC, "LC-4")).toBe(lcCustomer);
    const gone = await hub.api("GET", `/api/customers/${cwCustomer}`);
    expect(gone.body).toMatchObject({ mergedInto: lcCustomer });
    expect(await customerOf(CW, "CW-1")).toBe(lcCustomer);
    expect((await hub.api("POST", `/api/customer-matches/${match?.id}/reject`)).status).toBe(409);
  });

  it("never merges conflicting custom ids; a rejected pair is never proposed again", async () => {
    const withCustom = (chatId: string, platformId: string, customId: string, at: string): DomainEvent => ({
      ...(chat("chatwoot", chatId, { platformId, email: "family@example.com" }, at) as Extract<
        DomainEvent,
        { type: "chat.started" }
      >),
      customer: { platformId, email: "family@example.com", customId } as never,
    });
    await handle(CW, withCustom("CW-10", "90", "crm-1", "2026-01-05T10:00:00.000Z"));
    await handle(CW, withCustom("CW-11", "91", "crm-2", "2026-01-05T11:00:00.000Z"));
    const a = await customerOf(CW, "CW-10");
    const b = await customerOf(CW, "CW-11");
    expect(a).not.toBe(b);
    const rows = await hub.deps.database.db
      .select()
      .from(customerMatches)
      .where(eq(customerMatches.reason, "custom_id_conflict"));
    expect(rows).toHaveLength(1);
    const id = rows[0]?.id;
    expect((await hub.api("POST", `/api/customer-matches/${id}/reject`)).body).toMatchObject({ status: "rejected" });
    await handle(CW, withCustom("CW-12", "91", "crm-2", "2026-01-05T12:00:00.000Z"));
    expect(await customerOf(CW, "CW-12")).toBe(b);
    const again = await hub.deps.database.db
      .select()
      .from(customerMatches)
      .where(eq(customerMatches.reason, "custom_id_conflict"));
    expect(again.map((m) => m.status)).toEqual(["rejected"]);
  });

  it("gives an anonymous chat and a withheld-number call a customer each", async () => {
    await handle(LC, chat("livechat", "LC-20", {}, "2026-01-06T10:00:00.000Z"));
    await handle(RC, {
      ...(call("s-20", "anonymous", "Answered", 1, "2026-01-06T10:00:00.000Z") as Extract<
        DomainEvent,
        { type: "call.updated" }
      >),
      fromName: undefined,
    });
    expect(await customerOf(LC, "LC-20")).toBeTruthy();
    expect(await customerOf(RC, "s-20")).toBeTruthy();
    expect(await customerOf(RC, "s-20")).not.toBe(await customerOf(LC, "LC-20"));
  });

  it("merges and splits by hand: split takes the identity and the conversations it brought", async () => {
    await handle(
      LC,
      chat("livechat", "LC-30", { platformId: "lc-u30", phone: "+14155550130" }, "2026-01-07T10:00:00.000Z"),
    );
    await handle(
      CW,
      chat("chatwoot", "CW-30", { platformId: "130", email: "pat@example.com" }, "2026-01-07T11:00:00.000Z"),
    );
    const keep = await customerOf(LC, "LC-30");
    const other = await customerOf(CW, "CW-30");
    const merged = await hub.api("POST", `/api/customers/${keep}/merge`, { customerId: other });
    expect(merged.status).toBe(200);
    expect(await customerOf(CW, "CW-30")).toBe(keep);
    const identities = (merged.body as { identities: Array<{ id: string; kind: string; value: string }> }).identities;
    const cwIdentity = identities.find((i) => i.kind === "platform" && i.value === "130");
    const split = await hub.api("POST", `/api/customers/${keep}/split`, { identityIds: [cwIdentity?.id] });
    expect(split.status).toBe(201);
    const newId = (split.body as { id: string }).id;
    expect(await customerOf(CW, "CW-30")).toBe(newId);
    expect(await customerOf(LC, "LC-30")).toBe(keep);
    expect((await hub.api("POST", `/api/customers/${keep}/merge`, { customerId: keep })).status).toBe(400);
    expect((await hub.api("POST", `/api/customers/${keep}/merge`, { customerId: other })).status).toBe(409);
  });

  it("adds and refuses identities by hand", async () => {
    const created = await hub.api("POST", "/api/customers", {
      name: "Manual",
      identities: [
        { kind: "custom", value: "crm-77" },
        { kind: "phone", value: "415 555 0177" },
      ],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ phone: "+14155550177" });
    const other = await hub.api("POST", "/api/customers", { name: "Other" });
    const id = (other.body as { id: string }).id;
    expect((await hub.api("POST", `/api/customers/${id}/identities`, { kind: "custom", value: "crm-77" })).status).toBe(
      409,
    );
    expect(
      (await hub.api("POST", `/api/customers/${id}/identities`, { kind: "email", value: "not-an-email" })).status,
    ).toBe(400);
    const added = await hub.api("POST", `/api/customers/${id}/identities`, {
      kind: "email",
      value: "Other@Example.com",
    });
    expect((added.body as { identities: Array<{ value: string; verified: boolean }> }).identities).toEqual([
      expect.objectContaining({ value: "other@example.com", verified: true }),
    ]);
  });
});
