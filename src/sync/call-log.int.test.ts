import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../../test/helpers/hub.ts";
import { connections, conversations } from "../db/schema/index.ts";
import { newId } from "../lib/ids.ts";
import { syncCallLog } from "./call-log.ts";

/**
 * A busy minute: more recorded calls end than RingCentral's Heavy group allows requests (10 a minute). Asking
 * per call left most of them without their recording; one batch read of the account call log finds them all.
 */
let hub: TestHub;
let rcUrl = "";
let connectionId = "";

beforeAll(async () => {
  hub = await startTestHub({ sandboxes: true });
  rcUrl = hub.sandboxes?.ringcentral.url ?? "";
  const [rc] = await hub.deps.database.db
    .select()
    .from(connections)
    .where(and(eq(connections.workspaceId, hub.workspaceId), eq(connections.platform, "ringcentral")));
  connectionId = rc?.id ?? "";
});

afterAll(async () => {
  await hub.stop();
});

const sim = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${rcUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res.json() as Promise<Record<string, unknown>>;
};

describe("call-log batch read", () => {
  it("attaches the recording of each of 14 calls that ended in one minute, in one Heavy request", async () => {
    const extensions = (await sim("GET", "/_sim/extensions")) as unknown as Array<{ id: string }>;
    const extensionId = extensions[0]?.id ?? "";
    const ids: string[] = [];
    for (let i = 0; i < 14; i++) {
      const started = new Date();
      const { telephonySessionId } = await sim("POST", "/_sim/calls", {
        extensionId,
        direction: "Inbound",
        from: `+1415555${String(1000 + i)}`,
      });
      await sim("POST", `/_sim/calls/${String(telephonySessionId)}/end`, {});
      const id = newId("cnv");
      ids.push(id);
      // The call as the sync engine records it from the telephony notifications.
      await hub.deps.database.db.insert(conversations).values({
        id,
        workspaceId: hub.workspaceId,
        connectionId,
        platform: "ringcentral",
        channel: "call",
        externalId: `${String(telephonySessionId)}/${extensionId}`,
        status: "ended",
        startedAt: started,
        endedAt: new Date(),
        details: { telephonySessionId },
      });
    }
    // RingCentral's 15–30 s lag, skipped.
    await sim("POST", "/_sim/call-log/flush");
    const before = ((await sim("GET", "/_sim/requests?path=/call-log")) as unknown as unknown[]).length;

    expect(await syncCallLog(hub.deps, connectionId)).toBe("done");

    const rows = await hub.deps.database.db
      .select()
      .from(conversations)
      .where(eq(conversations.connectionId, connectionId));
    const calls = rows.filter((r) => ids.includes(r.id));
    expect(calls.filter((c) => typeof c.details.recording === "object")).toHaveLength(14);
    const after = ((await sim("GET", "/_sim/requests?path=/call-log")) as unknown as unknown[]).length;
    expect(after - before).toBe(1);
    // Nothing left waiting: the next run has nothing to read.
    expect(await syncCallLog(hub.deps, connectionId)).toBe("idle");
  });
});
