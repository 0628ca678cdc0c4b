import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_LIVECHAT_CREDENTIALS } from "./constants.ts";
import type { Harness } from "./test-support.ts";
import { BEARER, startSim } from "./test-support.ts";

const CLIENT = DEFAULT_LIVECHAT_CREDENTIALS.clientId;
const hook = (extra: Record<string, unknown> = {}) => ({
  url: "http://127.0.0.1:9/hook",
  action: "incoming_chat",
  secret_key: "s3cret",
  owner_client_id: CLIENT,
  type: "license",
  ...extra,
});

let h: Harness;
beforeEach(async () => {
  h = await startSim();
});
afterEach(async () => {
  await h.sim.close();
});

describe("agents", () => {
  it("lists the demo team in the Configuration API shape", async () => {
    const res = await h.call("configuration", "list_agents", { fields: ["max_chats_count", "groups"] });
    const agents = res.body as Record<string, unknown>[];
    expect(agents).toHaveLength(8);
    expect(agents[0]).toMatchObject({
      id: "ada@switchboard.demo",
      account_id: DEFAULT_LIVECHAT_CREDENTIALS.accountId,
      name: "Ada Lovelace",
      role: "owner",
      login_status: "accepting chats",
      max_chats_count: 6,
      groups: [
        { id: 0, priority: "normal" },
        { id: 1, priority: "normal" },
      ],
    });
    expect(agents[1]?.account_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(agents[1]?.job_title).toBeUndefined();
    const bad = await h.call("configuration", "list_agents", { fields: ["shoe_size"] });
    expect(bad.body).toMatchObject({ error: { type: "validation" } });
    const support = await h.call("configuration", "list_agents", { filters: { group_ids: [1] } });
    expect(support.body).toHaveLength(4);
  });

  it("gets one agent", async () => {
    const res = await h.call("configuration", "get_agent", { id: "grace@switchboard.demo" });
    expect(res.body).toMatchObject({ id: "grace@switchboard.demo", role: "viceowner" });
    expect((await h.call("configuration", "get_agent", { id: "x@y.z" })).status).toBe(404);
  });
});

describe("webhook registration", () => {
  it("registers, lists (without secrets) and unregisters", async () => {
    const reg = await h.call("configuration", "register_webhook", hook({ description: "chats" }));
    const { id } = reg.body as { id: string };
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    const list = await h.call("configuration", "list_webhooks", { owner_client_id: CLIENT });
    expect(list.body).toEqual([
      {
        id,
        url: "http://127.0.0.1:9/hook",
        description: "chats",
        action: "incoming_chat",
        owner_client_id: CLIENT,
        type: "license",
      },
    ]);
    expect((await h.call("configuration", "unregister_webhook", { id, owner_client_id: CLIENT })).body).toEqual({});
    expect((await h.call("configuration", "list_webhooks", { owner_client_id: CLIENT })).body).toEqual([]);
    const again = await h.call("configuration", "unregister_webhook", { id, owner_client_id: CLIENT });
    expect(again.body).toMatchObject({ error: { type: "not_found" } });
  });

  it("allows at most 3 webhooks per action per Client ID", async () => {
    for (let i = 0; i < 3; i++) expect((await h.call("configuration", "register_webhook", hook())).status).toBe(200);
    const fourth = await h.call("configuration", "register_webhook", hook());
    expect(fourth.body).toMatchObject({ error: { type: "limit_reached" } });
    expect((await h.call("configuration", "register_webhook", hook({ action: "incoming_event" }))).status).toBe(200);
  });

  it.each([
    ["unknown action", { action: "chat_exploded" }],
    ["v3.6-only action through v3.5", { action: "thread_summary_set", version: "v3.5" }],
    ["missing secret", { secret_key: undefined }],
    ["bad url", { url: "not a url" }],
    ["too long url", { url: `http://127.0.0.1/${"a".repeat(500)}` }],
    ["foreign client", { owner_client_id: "someone-elses-app" }],
    ["bad type", { type: "team" }],
    ["filter not offered by the action", { filters: { author_type: "customer" } }],
    ["unknown filter", { filters: { colour: "red" } }],
    ["additional data on routing_status_set", { action: "routing_status_set", additional_data: ["chat_properties"] }],
  ])("rejects %s with a validation error", async (_label, extra) => {
    const { version, ...fields } = extra as Record<string, unknown>;
    const res = await h.call("configuration", "register_webhook", hook(fields), {
      version: typeof version === "string" ? version : "v3.6",
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { type: "validation" } });
  });

  it("accepts documented filters and every plausible agent_ids form", async () => {
    const forms = [["ada@switchboard.demo"], { values: ["ada@switchboard.demo"] }, { exclude_values: ["x@y.z"] }];
    for (const agentIds of forms) {
      const res = await h.call(
        "configuration",
        "register_webhook",
        hook({ action: "routing_status_set", filters: { agent_ids: agentIds, source_type: ["other_clients"] } }),
      );
      expect(res.status).toBe(200);
    }
    const events = await h.call(
      "configuration",
      "register_webhook",
      hook({
        action: "incoming_event",
        filters: { author_type: "customer", chat_presence: { user_ids: { values: ["ada@switchboard.demo"] } } },
        additional_data: ["chat_properties", "chat_presence_user_ids"],
      }),
    );
    expect(events.status).toBe(200);
  });

  it("needs owner_client_id with a PAT but takes the token's Client ID with Bearer", async () => {
    const pat = await h.call("configuration", "list_webhooks", {});
    expect(pat.body).toMatchObject({ error: { type: "validation" } });
    expect((await h.call("configuration", "list_webhooks", {}, { authorization: BEARER })).body).toEqual([]);
  });

  it("lists webhook names without authorization, per version", async () => {
    const v36 = await h.call("configuration", "list_webhook_names", {}, { authorization: null });
    const actions36 = (v36.body as { action: string }[]).map((n) => n.action);
    expect(actions36).toContain("thread_summary_set");
    expect(actions36).not.toContain("incoming_customer");
    const v35 = await h.call("configuration", "list_webhook_names", { version: "3.5" }, { authorization: null });
    expect((v35.body as { action: string }[]).map((n) => n.action)).toContain("incoming_customer");
  });
});

describe("license webhooks state", () => {
  it("starts disabled and follows enable/disable per Client ID", async () => {
    const state = () => h.call("configuration", "get_license_webhooks_state", { owner_client_id: CLIENT });
    expect((await state()).body).toEqual({ license_webhooks_enabled: false });
    await h.call("configuration", "enable_license_webhooks", { owner_client_id: CLIENT });
    expect((await state()).body).toEqual({ license_webhooks_enabled: true });
    await h.call("configuration", "disable_license_webhooks", {}, { authorization: BEARER });
    expect((await state()).body).toEqual({ license_webhooks_enabled: false });
    const foreign = await h.call("configuration", "enable_license_webhooks", { owner_client_id: "nope" });
    expect(foreign.body).toMatchObject({ error: { type: "validation" } });
  });

  it("can start enabled", async () => {
    const enabled = await startSim({ licenseWebhooksEnabled: true });
    try {
      const res = await enabled.call("configuration", "get_license_webhooks_state", { owner_client_id: CLIENT });
      expect(res.body).toEqual({ license_webhooks_enabled: true });
    } finally {
      await enabled.sim.close();
    }
  });
});
