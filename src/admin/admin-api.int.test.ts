import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { extensionIdFor } from "../../sim/ringcentral/state.ts";
import { type RcAdminWorld, startRcAdminWorld } from "../../test/helpers/rc-admin.ts";

const SUPPORT = extensionIdFor("801");
const ADA = extensionIdFor("101");
const LINUS = extensionIdFor("105");
const errorBody = z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown() }) });
const records = (body: unknown) => z.looseObject({ records: z.array(z.looseObject({})) }).parse(body).records;

let w: RcAdminWorld;
let v1: string;
beforeAll(async () => {
  w = await startRcAdminWorld();
  v1 = `${w.prefix}/restapi/v1.0/account/~`;
});
afterAll(async () => {
  await w?.stop();
});

const keyed = (key: string) => ({ "idempotency-key": key });

describe("RingCentral admin API", () => {
  it("mirrors RingCentral's resources and shapes", async () => {
    const queues = await w.call("GET", `${v1}/extension?type=Department`);
    expect(queues.status).toBe(200);
    expect(records(queues.body).map((e) => e.extensionNumber)).toEqual(["801", "802"]);
    const details = await w.call("GET", `${v1}/call-queues/${SUPPORT}`);
    expect(details.body).toMatchObject({ id: SUPPORT, name: "Support", serviceLevelSettings: { slaGoal: 80 } });
  });

  it("passes RingCentral's refusals on with their error code", async () => {
    const res = await w.call("GET", `${v1}/call-queues/123`);
    expect(res.status).toBe(404);
    expect(errorBody.parse(res.body).error).toMatchObject({
      code: "not_found",
      details: { platform: "ringcentral", status: 404, errorCode: "CMN-102" },
    });
    const unknown = await w.call("GET", `/api/ringcentral/con_nope/restapi/v1.0/account/~/call-queues`);
    expect(unknown.status).toBe(404);
  });

  it("refuses a write without an Idempotency-Key and bad bodies before sending anything", async () => {
    const before = (await w.simRequests()).length;
    const noKey = await w.call("POST", `${v1}/call-queues/${SUPPORT}/bulk-assign`, { body: {} });
    expect(noKey.status).toBe(400);
    const bad = await w.call("PUT", `${v1}/call-queues/${SUPPORT}`, {
      body: { alertTimer: 7 },
      headers: keyed("k-bad"),
    });
    expect(bad.status).toBe(400);
    expect((await w.simRequests()).length).toBe(before);
  });

  it("a dry run returns the exact request and sends nothing", async () => {
    const before = await w.simRequests();
    const body = { addedExtensionIds: [LINUS], removedExtensionIds: [ADA] };
    const res = await w.call("POST", `${v1}/call-queues/${SUPPORT}/bulk-assign?dryRun=true`, { body });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      dryRun: true,
      requests: [
        {
          operation: "assignMultipleCallQueueMembers",
          method: "POST",
          path: `/restapi/v1.0/account/~/call-queues/${SUPPORT}/bulk-assign`,
          group: "Heavy",
          body,
        },
      ],
    });
    expect(await w.simRequests()).toEqual(before);
  });

  it("runs a write once per Idempotency-Key and audits it with before and after", async () => {
    const body = { addedExtensionIds: [LINUS], removedExtensionIds: [ADA] };
    const first = await w.call("POST", `${v1}/call-queues/${SUPPORT}/bulk-assign`, { body, headers: keyed("move-1") });
    expect(first.status).toBe(204);
    const retry = await w.call("POST", `${v1}/call-queues/${SUPPORT}/bulk-assign`, { body, headers: keyed("move-1") });
    expect(retry.status).toBe(204);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    const sent = (await w.simRequests()).filter((r) => r.endsWith("/bulk-assign"));
    expect(sent).toHaveLength(1);
    const other = await w.call("POST", `${v1}/call-queues/${SUPPORT}/bulk-assign`, {
      body: { addedExtensionIds: [ADA] },
      headers: keyed("move-1"),
    });
    expect(other.status).toBe(409);

    const audit = await w.hub.deps.database.pool.query<{ details: { before: unknown; after: unknown } }>(
      "select details from audit_log where action = 'ringcentral.assignMultipleCallQueueMembers'",
    );
    expect(audit.rows).toHaveLength(1);
    const ids = (v: unknown) => records(v).map((r) => String(r.id));
    expect(ids(audit.rows[0]?.details.before)).toContain(ADA);
    expect(ids(audit.rows[0]?.details.after)).toEqual(expect.arrayContaining([LINUS]));
    expect(ids(audit.rows[0]?.details.after)).not.toContain(ADA);
  });

  it("stores a refusal as the answer to its key (a retry does not resend)", async () => {
    const body = { usageType: "DirectNumber" };
    const path = `${w.prefix}/restapi/v2/accounts/~/phone-numbers/1110000005`;
    const first = await w.call("PATCH", path, { body, headers: keyed("num-1") });
    expect(first.status).toBe(400);
    expect(errorBody.parse(first.body).error.details).toMatchObject({ errorCode: "CMN-100" });
    const again = await w.call("PATCH", path, { body, headers: keyed("num-1") });
    expect([again.status, again.headers.get("idempotent-replayed")]).toEqual([400, "true"]);
    expect((await w.simRequests()).filter((r) => r.startsWith("PATCH"))).toHaveLength(1);
  });

  it("uploads a prompt's audio once per key, and refuses audio over the cap before sending", async () => {
    const path = `${v1}/ivr-prompts?name=welcome.wav`;
    const audio = "RIFF0000WAVEfmt ".repeat(64);
    const headers = { ...keyed("prompt-1"), "content-type": "audio/wav" };
    const first = await w.call("POST", path, { body: audio, headers });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ filename: "welcome.wav", contentType: "audio/wav" });
    const again = await w.call("POST", path, { body: audio, headers });
    expect([again.status, again.headers.get("idempotent-replayed")]).toEqual([200, "true"]);
    expect(
      (await w.simRequests()).filter((r) => r.startsWith("POST /restapi/v1.0/account/~/ivr-prompts")),
    ).toHaveLength(1);
    const big = await w.call("POST", path, {
      body: "x".repeat(5 * 1024 * 1024 + 1),
      headers: { ...keyed("prompt-2"), "content-type": "audio/wav" },
    });
    expect(big.status).toBe(413);
  });

  it("writes are admin-only, reads admin or supervisor", async () => {
    const key = async (scope: string) => {
      const res = await w.hub.api("POST", "/api/api-keys", { name: scope, scopes: [scope] });
      return z.object({ key: z.string() }).parse(res.body).key;
    };
    const supervisor = await key("write");
    const agent = await key("read");
    expect((await w.call("GET", `${v1}/ivr-menus`, { token: supervisor })).status).toBe(200);
    expect((await w.call("GET", `${v1}/ivr-menus`, { token: agent })).status).toBe(403);
    const put = await w.call("PUT", `${v1}/business-hours`, {
      token: supervisor,
      body: { schedule: { weeklyRanges: {} } },
      headers: keyed("hours-1"),
    });
    expect(put.status).toBe(403);
  });
});
