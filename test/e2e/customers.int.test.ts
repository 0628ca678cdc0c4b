import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connections } from "../../src/db/schema/index.ts";
import { startTestHub, type TestHub } from "../helpers/hub.ts";
import { post, settle } from "../helpers/sandbox-state.ts";

/**
 * One customer, one timeline, through the real hub and the sandboxes: a LiveChat chat and a RingCentral call
 * arrive as the platforms' own webhooks and land on one customer, who also gets a RingCentral address-book contact
 * and a Chatwoot contact (CREATE_CONTACTS).
 */
let hub: TestHub;
let urls: { livechat: string; ringcentral: string };
const JANE = { name: "Jane Cooper", email: "Jane.Cooper@Example.com", phone: "+14155550101" };

type Identity = { kind: string; value: string; connectionId: string | null; source: string };
type Customer = { id: string; email: string | null; phone: string | null; identities: Identity[] };

beforeAll(async () => {
  hub = await startTestHub({ worker: true, sandboxes: true, env: { RECONCILE_INTERVAL_SECONDS: "3600" } });
  const s = hub.sandboxes;
  if (!s) throw new Error("sandboxes did not start");
  urls = { livechat: s.livechat.url, ringcentral: s.ringcentral.url };
});
afterAll(async () => hub?.stop());

async function connection(platform: string) {
  const [row] = await hub.deps.database.db
    .select()
    .from(connections)
    .where(and(eq(connections.workspaceId, hub.workspaceId), eq(connections.platform, platform)));
  if (!row) throw new Error(`no ${platform} connection`);
  return row;
}

const findJane = async (): Promise<Customer | undefined> => {
  const res = await hub.api("GET", `/api/customers?email=${encodeURIComponent(JANE.email)}`);
  return (res.body as { items: Customer[] }).items[0];
};

describe("one customer across platforms", () => {
  it("links the LiveChat chat, creates the contacts, and links the RingCentral call to the same customer", async () => {
    const chat = await post(`${urls.livechat}/_sim/chats`, {
      agentId: "ada@switchboard.demo",
      customer: JANE,
      message: "Hi, my order is late",
    });
    expect(chat.chatId).toBeTruthy();
    const rc = await connection("ringcentral");
    const cw = await connection("chatwoot");
    const linked = await settle(findJane, (c) => {
      const scopes = new Set(c?.identities.map((i) => i.connectionId));
      return scopes.has(rc.id) && scopes.has(cw.id);
    });
    const jane = linked.value;
    expect(jane).toMatchObject({ email: "jane.cooper@example.com", phone: JANE.phone });
    expect(
      jane?.identities
        .filter((i) => i.source === "contact-sync")
        .map((i) => i.connectionId)
        .sort(),
    ).toEqual([rc.id, cw.id].sort());

    // The contacts exist on the platforms, as a person looking there would find them.
    const rcContacts = await hub.deps.clients.ringcentral(rc).client.searchContacts({ phoneNumber: JANE.phone });
    expect(rcContacts.ok && rcContacts.value.records.map((c) => c.email?.toLowerCase())).toEqual([
      "jane.cooper@example.com",
    ]);
    const cwContacts = await hub.deps.clients
      .chatwoot(cw)
      .client.filterContacts([
        { attributeKey: "email", filterOperator: "equal_to", values: ["jane.cooper@example.com"] },
      ]);
    expect(cwContacts.ok && cwContacts.value.contacts.length).toBe(1);

    const call = await post(`${urls.ringcentral}/_sim/calls`, {
      extensionId: "101",
      direction: "Inbound",
      from: JANE.phone,
      to: "+16505551001",
    });
    expect(call.telephonySessionId).toBeTruthy();
    const timeline = await settle(
      async () =>
        (await hub.api("GET", `/api/customers/${jane?.id}/timeline`)).body as {
          items: Array<{ channel: string; platform: string; messages: Array<{ text: string }> }>;
        },
      (t) => t.items.some((i) => i.channel === "call"),
    );
    await post(`${urls.ringcentral}/_sim/calls/${String(call.telephonySessionId)}/end`);
    const items = timeline.value.items;
    expect(items.map((i) => `${i.platform}:${i.channel}`)).toEqual(["livechat:chat", "ringcentral:call"]);
    expect(items[0]?.messages.map((m) => m.text)).toContain("Hi, my order is late");
  });
});
