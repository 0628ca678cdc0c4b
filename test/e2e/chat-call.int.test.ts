import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADA, adaUntil, type SandboxUrls } from "../helpers/availability-scenario.ts";
import { conversation, createGroup, eventually, type Json, widget } from "../helpers/chat.ts";
import { startTestHub, type TestHub } from "../helpers/hub.ts";

/**
 * The built-in chat on the same agent state as the phone: through the real hub, worker and sandboxes, an agent
 * on a RingCentral call is offered no built-in chat until the call ends, and a built-in chat makes the phone
 * busy exactly like a LiveChat chat does.
 */
let hub: TestHub;
let urls: SandboxUrls;
beforeAll(async () => {
  hub = await startTestHub({ worker: true, sandboxes: true, env: { RECONCILE_INTERVAL_SECONDS: "3600" } });
  const s = hub.sandboxes;
  if (!s) throw new Error("sandboxes did not start");
  urls = { livechat: s.livechat.url, ringcentral: s.ringcentral.url, chatwoot: s.chatwoot.url };
});
afterAll(async () => hub?.stop());

const post = async (url: string, body?: unknown) =>
  (await (
    await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body ?? {}),
    })
  ).json()) as Json;

describe("built-in chat and RingCentral calls", () => {
  it("sandbox mode creates a default group with the demo team", async () => {
    const groups = (await hub.api("GET", "/api/chat/groups")).body as {
      items: Array<{ isDefault: boolean; agentIds: string[] }>;
    };
    const fallback = groups.items.find((g) => g.isDefault);
    const agents = (await hub.api("GET", "/api/agents")).body as {
      items: Array<{ id: string; platforms: Array<{ platform: string }> }>;
    };
    const team = agents.items.filter((a) => a.platforms.length === 3).map((a) => a.id);
    expect(team).toHaveLength(8);
    expect(fallback?.agentIds).toEqual(expect.arrayContaining(team));
  });

  it("an agent on a call gets no new built-in chat until the call ends", async () => {
    const agents = (await hub.api("GET", "/api/agents")).body as { items: Array<{ id: string; email: string }> };
    const ada = agents.items.find((a) => a.email === ADA.email)?.id ?? "";
    const groupId = await createGroup(hub, { name: "Ada only", routingStrategy: "round_robin" }, [ada]);
    await adaUntil(urls, { livechat: "accepting_chats" });

    const call = await post(`${urls.ringcentral}/_sim/calls`, {
      extensionId: ADA.extension,
      direction: "Inbound",
      from: "+14155550101",
      to: "+16505551001",
    });
    await eventually(
      async () => {
        const a = (await hub.api("GET", `/api/agents/${ada}`)).body as Json;
        return a.status === "on_call" ? true : undefined;
      },
      20_000,
      "Ada on the call",
    );

    const s = await widget(hub, "POST", "/api/widget/sessions", undefined, { groupId, message: "Anyone there?" });
    expect(s.status).toBe(201);
    const id = String(s.body.conversationId);
    const decision = await eventually(
      async () => {
        const r = (await hub.api("GET", `/api/chat/conversations/${id}/routing`)).body as {
          decisions: Array<{ chosenAgentId: string | null; candidates: Array<{ agentId: string; reason: string }> }>;
        };
        return r.decisions[0];
      },
      20_000,
      "a routing decision",
    );
    expect(decision.chosenAgentId).toBeNull();
    expect(decision.candidates.find((c) => c.agentId === ada)?.reason).toBe("on_call");
    // Still waiting while the call goes on (other routing runs happen meanwhile: calls, polls).
    await new Promise((r) => setTimeout(r, 1500));
    expect(await conversation(hub, id)).toMatchObject({ status: "queued", queuePosition: 1 });

    await post(`${urls.ringcentral}/_sim/calls/${String(call.telephonySessionId)}/end`);
    const assigned = await eventually(
      async () => {
        const c = await conversation(hub, id);
        return c.status === "assigned" ? c : undefined;
      },
      20_000,
      "the chat assigned once the call ended",
    );
    expect(assigned.agentId).toBe(ada);
    const a = (await hub.api("GET", `/api/agents/${ada}`)).body as {
      engagements: Array<{ platform: string; id: string }>;
    };
    expect(a.engagements).toContainEqual(expect.objectContaining({ platform: "builtin", id }));
    // One more engagement like any chat: the phone shows busy with chats.
    expect((await adaUntil(urls, { ringcentral: "Busy/DoNotAcceptDepartmentCalls" })).value.ringcentral).toBe(
      "Busy/DoNotAcceptDepartmentCalls",
    );
  });
});
