import { readFileSync } from "node:fs";
import { join } from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connections } from "../../src/db/schema/index.ts";
import { decrypt } from "../../src/lib/crypto.ts";
import { initialWritesSettled, startTestHub, type TestHub } from "../helpers/hub.ts";
import { settle, snapshot } from "../helpers/sandbox-state.ts";

/**
 * The three real RingCentral call captures (test/fixtures/ringcentral, from the vendor's examples), with their
 * extensions mapped onto demo agents, delivered to the hub as RingCentral would: the call records and every
 * agent's chat availability must follow the calls.
 */
const FIXTURES = join(import.meta.dirname, "../fixtures/ringcentral");
const DEMO = {
  ada: { email: "ada@switchboard.demo", extension: "101", id: "6200101004" },
  grace: { email: "grace@switchboard.demo", extension: "102", id: "6200102004" },
};
// The IVR's extension is not a person: it maps to an extension no agent holds.
const EXTENSION_MAP: Record<string, string> = {
  "979428016": DEMO.ada.id,
  "809646016": DEMO.grace.id,
  "62242421016": "6200999004",
};

type Notification = {
  uuid: string;
  body: {
    telephonySessionId: string;
    sequence: number;
    parties: Array<{ extensionId?: string; status: { code: string } }>;
  };
};

function load(name: string): Notification[] {
  let text = readFileSync(join(FIXTURES, `telephony-sessions.sequence.${name}.json`), "utf8");
  for (const [from, to] of Object.entries(EXTENSION_MAP))
    text = text.replaceAll(`"${from}"`, `"${to}"`).replaceAll(`/extension/${from}/`, `/extension/${to}/`);
  // Captured in 2020: shifted so the call happens now, as a live delivery would be stamped (order and gaps kept).
  const list = JSON.parse(text) as Array<Notification & { timestamp: string }>;
  const offset = Date.now() - Date.parse(list[0]?.timestamp ?? "");
  return JSON.parse(JSON.stringify(list), (_key, value) =>
    typeof value === "string" && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(value)
      ? new Date(Date.parse(value) + offset).toISOString()
      : value,
  ) as Notification[];
}

let hub: TestHub;
let webhook: { url: string; secret: string };

beforeAll(async () => {
  hub = await startTestHub({ worker: true, sandboxes: true, env: { RECONCILE_INTERVAL_SECONDS: "3600" } });
  await initialWritesSettled(hub);
  const [rc] = await hub.deps.database.db
    .select()
    .from(connections)
    .where(and(eq(connections.platform, "ringcentral"), eq(connections.workspaceId, hub.workspaceId)));
  if (!rc?.webhookSecretEnc) throw new Error("no RingCentral connection");
  webhook = {
    url: `${hub.url}/webhooks/ringcentral/${rc.id}`,
    secret: decrypt(rc.webhookSecretEnc, hub.deps.secretKey),
  };
});
afterAll(async () => hub?.stop());

const deliver = async (n: Notification) => {
  const res = await fetch(webhook.url, {
    method: "POST",
    headers: { "content-type": "application/json", "verification-token": webhook.secret },
    body: JSON.stringify(n),
  });
  expect(res.status).toBe(200);
};
const sandboxUrls = () => {
  const s = hub.sandboxes;
  if (!s) throw new Error("no sandboxes");
  return { livechat: s.livechat.url, ringcentral: s.ringcentral.url, chatwoot: s.chatwoot.url };
};
const chatsOf = (agent: { email: string; extension: string }) =>
  snapshot(sandboxUrls(), agent).then((s) => `${s.livechat}/${s.chatwoot}`);
const PAUSED = "not_accepting_chats/busy";
const OPEN = "accepting_chats/online";

async function pendingWebhooks(): Promise<number> {
  const res = await hub.deps.database.pool.query<{ n: string }>(
    "select count(*)::text as n from webhook_events where status = 'received'",
  );
  return Number(res.rows[0]?.n);
}

async function callRecord(telephonySessionId: string) {
  const rows = await hub.deps.database.pool.query<{
    status: string;
    agent_email: string | null;
    details: Record<string, unknown>;
  }>(
    "select c.status, a.email as agent_email, c.details from conversations c left join agents a on a.id = c.agent_id where c.channel = 'call' and c.details->>'telephonySessionId' = $1 order by c.id",
    [telephonySessionId],
  );
  return rows.rows;
}

describe.each([
  { name: "extension-to-extension", agents: [DEMO.ada, DEMO.grace] },
  { name: "outbound-to-pstn", agents: [DEMO.grace] },
  { name: "pstn-inbound-via-ivr", agents: [DEMO.grace] },
])("real call sequence $name", ({ name, agents }) => {
  it("pauses chats while the agents talk, restores them after, and records the call", async () => {
    const sequence = load(name);
    const answeredAt = sequence.findIndex((n) =>
      n.body.parties.some((p) => p.status.code === "Answered" && agents.some((a) => a.id === p.extensionId)),
    );
    for (const n of sequence.slice(0, answeredAt + 1)) await deliver(n);
    for (const agent of agents.slice(0, 1))
      expect(
        (
          await settle(
            () => chatsOf(agent),
            (s) => s === PAUSED,
          )
        ).value,
      ).toBe(PAUSED);
    for (const n of sequence.slice(answeredAt + 1)) await deliver(n);
    for (const agent of agents)
      expect(
        (
          await settle(
            () => chatsOf(agent),
            (s) => s === OPEN,
          )
        ).value,
      ).toBe(OPEN);

    // Every delivered notification processed, then: one record per agent-side party, each ended and answered.
    await settle(
      () => pendingWebhooks(),
      (n) => n === 0,
    );
    const records = (await callRecord(sequence[0]?.body.telephonySessionId ?? "")).filter((r) => r.agent_email);
    expect(records.map((r) => r.agent_email).sort()).toEqual(agents.map((a) => a.email).sort());
    for (const call of records) {
      expect(call.status).toBe("ended");
      expect(call.details.result).toBe("Answered");
      expect(Number(call.details.durationSec)).toBeGreaterThan(0);
    }
  });
});
