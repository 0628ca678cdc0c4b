import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRingcentralSim } from "../../../sim/ringcentral/app.ts";
import type { Sim } from "../../../sim/shared/types.ts";
import { createTestDatabase } from "../../../test/helpers/database.ts";
import { type Database, openDatabase } from "../../db/database.ts";
import { SharedRateLimiter } from "./budget.ts";
import { RingcentralClient } from "./client.ts";
import { PgTokenStore } from "./token-store.ts";

/** Two clients on two connection pools stand for two hub processes of one RingCentral connection. */
let main: Database & { drop(): Promise<void> };
let other: Database;
let sim: Sim;
let baseUrl = "";
const key = randomBytes(32);

beforeAll(async () => {
  main = await createTestDatabase();
  other = openDatabase(main.url, { max: 5 });
  sim = await createRingcentralSim({ reminderCheckMs: 0 });
  baseUrl = await sim.listen(0, "127.0.0.1");
});

afterAll(async () => {
  await sim.close();
  await other.close();
  await main.drop();
});

const grants = async () => {
  const res = await fetch(`${baseUrl}/_sim/requests?path=/restapi/oauth/token`);
  return ((await res.json()) as unknown[]).length;
};

function clientOn(database: Database, connectionId: string) {
  const creds = sim.credentials as { clientId: string; clientSecret: string; users: Array<{ jwt: string }> };
  return new RingcentralClient({
    baseUrl,
    clientId: creds.clientId,
    clientSecret: creds.clientSecret,
    jwt: creds.users[0]?.jwt ?? "",
    budget: new SharedRateLimiter(database.db).forConnection(connectionId),
    tokenStore: new PgTokenStore(database, key, connectionId),
  });
}

describe("PgTokenStore", () => {
  it("signs two processes in once, and once again after the token is revoked", async () => {
    const a = clientOn(main, "con_tok_1");
    const b = clientOn(other, "con_tok_1");
    const before = await grants();
    const first = await Promise.all([a.getPresence(), b.getPresence(), a.getPresence(), b.getPresence()]);
    expect(first.every((r) => r.ok)).toBe(true);
    expect((await grants()) - before).toBe(1);

    await fetch(`${baseUrl}/_sim/tokens/revoke`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    const again = await Promise.all([a.getPresence(), b.getPresence()]);
    expect(again.every((r) => r.ok)).toBe(true);
    expect((await grants()) - before).toBe(2);
  });

  it("keeps the token sealed at rest", async () => {
    const rows = await main.pool.query<{ access_token_enc: string }>(
      "select access_token_enc from ringcentral_tokens where connection_id = 'con_tok_1'",
    );
    expect(rows.rows[0]?.access_token_enc).toBeDefined();
    expect(rows.rows[0]?.access_token_enc).not.toMatch(/^ey|^access/);
  });
});
