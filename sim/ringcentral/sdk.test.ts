import { SDK } from "@ringcentral/sdk";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { call, startSim, type TestSim } from "./test-support.ts";

/** The official SDK as an independent client: it must work against the sandbox unchanged. */

let t: TestSim | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const presenceSchema = z.object({ userStatus: z.string(), dndStatus: z.string(), telephonyStatus: z.string() });

function sdkFor(sim: TestSim, prefix: string) {
  return new SDK({
    server: sim.base,
    clientId: sim.creds.clientId,
    clientSecret: sim.creds.clientSecret,
    cachePrefix: prefix,
    refreshDelayMs: 1,
  });
}

describe("@ringcentral/sdk against the sandbox", () => {
  it("logs in with a demo JWT, reads and updates presence", async () => {
    t = await startSim();
    const platform = sdkFor(t, "a").platform();
    await platform.login({ jwt: t.creds.users[0]?.jwt ?? "" });
    expect(await platform.loggedIn()).toBe(true);
    const before = presenceSchema.parse(
      await (
        await platform.get("/restapi/v1.0/account/~/extension/~/presence", { detailedTelephonyState: true })
      ).json(),
    );
    expect(before).toMatchObject({ userStatus: "Available", dndStatus: "TakeAllCalls", telephonyStatus: "NoCall" });
    const updated = presenceSchema.parse(
      await (await platform.put("/restapi/v1.0/account/~/extension/~/presence", { userStatus: "Busy" })).json(),
    );
    expect(updated.userStatus).toBe("Busy");
    const ext = z
      .object({ extensionNumber: z.string() })
      .parse(await (await platform.get("/restapi/v1.0/account/~/extension/~")).json());
    expect(ext.extensionNumber).toBe("101");
  });

  it("refreshes explicitly, and transparently after the access token is expired server-side", async () => {
    t = await startSim();
    const platform = sdkFor(t, "b").platform();
    await platform.login({ jwt: t.creds.users[1]?.jwt ?? "" });
    const first = (await platform.auth().data()).access_token;
    await platform.refresh();
    const second = (await platform.auth().data()).access_token;
    expect(second).not.toBe(first);
    // The SDK sees a 401, refreshes with its refresh token, and retries once.
    await call(t.base, "POST", "/_sim/tokens/expire", { body: { extensionId: "102" } });
    const res = await platform.get("/restapi/v1.0/account/~/extension/~/presence");
    expect(res.status).toBe(200);
    expect((await platform.auth().data()).access_token).not.toBe(second);
  });

  it("surfaces a revoked session as a refresh failure; logging in again with the JWT recovers", async () => {
    t = await startSim();
    const platform = sdkFor(t, "c").platform();
    await platform.login({ jwt: t.creds.users[2]?.jwt ?? "" });
    await call(t.base, "POST", "/_sim/tokens/revoke", { body: { extensionId: "103" } });
    await expect(platform.get("/restapi/v1.0/account/~/extension/~/presence")).rejects.toThrow();
    await platform.login({ jwt: t.creds.users[2]?.jwt ?? "" });
    expect((await platform.get("/restapi/v1.0/account/~/extension/~/presence")).status).toBe(200);
  });

  it("reports rate limiting the way the SDK expects (429 + Retry-After)", async () => {
    t = await startSim({ rateLimits: { Heavy: 1 } });
    const platform = sdkFor(t, "d").platform();
    await platform.login({ jwt: t.creds.users[3]?.jwt ?? "" });
    await platform.get("/restapi/v1.0/account/~/extension/~/call-log");
    const error = await platform.get("/restapi/v1.0/account/~/extension/~/call-log").catch((e: unknown) => e);
    const parsed = z.object({ retryAfter: z.number(), message: z.string() }).parse(error);
    expect(parsed.retryAfter).toBe(60_000);
    expect(parsed.message).toBe("Request rate exceeded");
  });
});
