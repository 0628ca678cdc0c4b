import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type StubServer, startStubServer } from "../../../test/helpers/chatwoot-stub-server.ts";
import { ChatwootClient } from "./client.ts";

const ERRORS = JSON.parse(
  readFileSync(join(import.meta.dirname, "../../../test/fixtures/chatwoot/api/error_examples.json"), "utf8"),
) as Record<string, unknown>;

let stub: StubServer;
beforeAll(async () => {
  stub = await startStubServer();
});
afterAll(() => stub.close());
beforeEach(() => stub.reset());

const client = () => new ChatwootClient({ baseUrl: stub.baseUrl, accountId: 1, apiAccessToken: "tok" });

async function failure(reply: Parameters<StubServer["replies"]["push"]>[0]) {
  stub.replies.push(reply);
  const r = await client().listAgents();
  if (r.ok) throw new Error("expected a failure");
  return r.error;
}

describe("ChatwootClient error classification", () => {
  it("401 invalid token → auth, not retryable, with Chatwoot's message", async () => {
    expect(await failure({ status: 401, body: ERRORS["401_invalid_token"] })).toMatchObject({
      kind: "auth",
      status: 401,
      message: "Invalid Access Token",
      retryable: false,
    });
  });

  it("401 for a bot token outside its whitelist keeps the platform message", async () => {
    expect(await failure({ status: 401, body: ERRORS["401_bot_endpoint_not_allowed"] })).toMatchObject({
      message: "Access to this endpoint is not authorized for bots",
      retryable: false,
    });
  });

  it("401 from devise without a token ({errors:[…]}) is read too", async () => {
    const body = { errors: ["You need to sign in or sign up before continuing."] };
    expect(await failure({ status: 401, body })).toMatchObject({
      message: "You need to sign in or sign up before continuing.",
    });
  });

  it("404 → not retryable", async () => {
    expect(await failure({ status: 404, body: ERRORS["404_not_found"] })).toMatchObject({
      kind: "http",
      message: "Resource could not be found",
      retryable: false,
    });
  });

  it("422 validation → record_invalid with the message and the fields", async () => {
    expect(await failure({ status: 422, body: ERRORS["422_record_invalid"] })).toMatchObject({
      code: "record_invalid",
      message: "Email has already been taken [email]",
      retryable: false,
    });
  });

  it("422 'Too many messages' (per-conversation limit) → retryable after the minute window", async () => {
    expect(await failure({ status: 422, body: { error: "Validation failed: Too many messages" } })).toMatchObject({
      code: "too_many_messages",
      retryable: true,
      retryAfterMs: 60_000,
    });
  });

  it("429 text/plain with Retry-After → retryable with the delay", async () => {
    expect(await failure({ status: 429, text: "Retry later", headers: { "retry-after": "7" } })).toMatchObject({
      code: "throttled",
      message: "Retry later",
      retryable: true,
      retryAfterMs: 7000,
    });
  });

  it("429 without Retry-After → retryable, delay left to the backoff policy", async () => {
    const e = await failure({ status: 429, text: "Retry later" });
    expect(e.retryable).toBe(true);
    expect(e.retryAfterMs).toBeUndefined();
  });

  it("500 and 503 → retryable; HTML error pages are not carried as messages", async () => {
    expect(await failure({ status: 500, body: { error: "boom" } })).toMatchObject({ retryable: true, message: "boom" });
    expect(await failure({ status: 503, text: "<html>down</html>" })).toMatchObject({
      retryable: true,
      message: "HTTP 503",
    });
  });

  it("402 account limit → not retryable", async () => {
    expect(await failure({ status: 402, body: ERRORS["402_payment_required"] })).toMatchObject({
      message: "Account limit exceeded. Please purchase more licenses",
      retryable: false,
    });
  });

  it("a 2xx body of the wrong shape → invalid_response, not retryable", async () => {
    expect(await failure({ body: { agents: [] } })).toMatchObject({ kind: "invalid_response", retryable: false });
    expect(await failure({ body: [{ id: 1, email: "x@y", availability_status: "away" }] })).toMatchObject({
      kind: "invalid_response",
      message: expect.stringContaining("0.availability_status"),
    });
  });

  it("a refused connection → network error, retryable", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const address = closed.address();
    const port = typeof address === "object" && address ? address.port : 0;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const r = await new ChatwootClient({
      baseUrl: `http://127.0.0.1:${port}`,
      accountId: 1,
      apiAccessToken: "t",
    }).listAgents();
    expect(r).toMatchObject({ ok: false, error: { kind: "network", retryable: true } });
  });
});
