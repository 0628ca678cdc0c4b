import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO_AGENTS } from "../shared/demo-team.ts";
import { agentId, agentToken, arr, type Harness, obj, startSim } from "./test-support.ts";

let h: Harness;
beforeAll(async () => {
  h = await startSim();
});
afterAll(() => h.close());
beforeEach(async () => {
  await h.api("POST", "/_sim/reset");
});

const agentStatus = async (id: number) => {
  const list = arr((await h.api("GET", `${h.account}/agents`)).json).map(obj);
  return list.find((a) => a.id === id);
};

describe("agents and availability", () => {
  it("lists the admin and the 8 demo agents, agents online", async () => {
    const res = await h.api("GET", `${h.account}/agents`, { token: agentToken(3) });
    expect(res.status).toBe(200);
    const list = arr(res.json).map(obj);
    expect(list).toHaveLength(9);
    for (const agent of DEMO_AGENTS) {
      expect(list.find((a) => a.email === agent.email)).toMatchObject({
        id: agentId(agent.index + 1),
        account_id: 1,
        availability_status: "online",
        auto_offline: true,
        role: "agent",
        confirmed: true,
        name: agent.name,
      });
    }
    expect(list.find((a) => a.role === "administrator")?.availability_status).toBe("offline");
  });

  it("lets an admin set availability and auto_offline with the flat or the wrapped body", async () => {
    const res = await h.api("PATCH", `${h.account}/agents/${agentId(1)}`, { body: { availability: "busy" } });
    expect(res.status).toBe(200);
    expect(obj(res.json).availability_status).toBe("busy");
    await h.api("PATCH", `${h.account}/agents/${agentId(1)}`, {
      body: { agent: { availability: "offline", auto_offline: false } },
    });
    expect(await agentStatus(agentId(1))).toMatchObject({ availability_status: "offline", auto_offline: false });
    expect((await h.api("PATCH", `${h.account}/agents/9999`, { body: { availability: "busy" } })).status).toBe(404);
  });

  it("lets an agent set its own availability through the profile", async () => {
    const res = await h.api("POST", "/api/v1/profile/availability", {
      token: agentToken(2),
      body: { profile: { account_id: 1, availability: "busy" } },
    });
    expect(res.status).toBe(200);
    const account = obj(arr(obj(res.json).accounts)[0]);
    expect(account).toMatchObject({ id: 1, availability: "busy", availability_status: "busy" });
    expect((await agentStatus(agentId(2)))?.availability_status).toBe("busy");
  });

  it("serves the profile with pubsub_token and accounts", async () => {
    const profile = obj((await h.api("GET", "/api/v1/profile", { token: agentToken(4) })).json);
    expect(profile).toMatchObject({ id: agentId(4), email: DEMO_AGENTS[3]?.email, role: "agent" });
    expect(typeof profile.pubsub_token).toBe("string");
    expect(profile.access_token).toBe(agentToken(4));
  });

  it("derives the effective status from presence when auto_offline is on", async () => {
    await h.api("POST", `/_sim/agents/${agentId(5)}/availability`, {
      body: { availability: "online", present: false },
    });
    expect((await agentStatus(agentId(5)))?.availability_status).toBe("offline");
    await h.api("POST", `/_sim/agents/${agentId(5)}/availability`, {
      body: { availability: "busy", autoOffline: false },
    });
    expect((await agentStatus(agentId(5)))?.availability_status).toBe("busy");
    const byEmail = await h.api("POST", `/_sim/agents/${DEMO_AGENTS[5]?.email}/availability`, {
      body: { availability: "busy" },
    });
    expect(obj(byEmail.json)).toMatchObject({ id: agentId(6), availability_status: "busy" });
  });

  it("sends no webhook for availability changes", async () => {
    await h.api("POST", `${h.account}/webhooks`, { body: { url: "http://127.0.0.1:9/x" } });
    await h.api("PATCH", `${h.account}/agents/${agentId(1)}`, { body: { availability: "busy" } });
    await h.api("POST", `/_sim/agents/${agentId(2)}/availability`, { body: { availability: "offline" } });
    await h.sim.settle();
    expect(arr((await h.api("GET", "/_sim/deliveries")).json)).toHaveLength(0);
  });

  it("restores the seed on reset", async () => {
    await h.api("PATCH", `${h.account}/agents/${agentId(1)}`, { body: { availability: "busy" } });
    await h.api("POST", "/_sim/reset");
    expect((await agentStatus(agentId(1)))?.availability_status).toBe("online");
  });
});
