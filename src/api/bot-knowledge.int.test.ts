import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../../test/helpers/hub.ts";
import { KnowledgeStore } from "../bot/knowledge/store.ts";

let hub: TestHub;
let server: Server;
let pageUrl: string;

const GUIDE = `# Billing

## Refunds

Refunds are issued within 14 days of a purchase. Write to billing@acme.test with your order number and we send the money back to the original card.

## Invoices

Invoices are emailed on the first day of every month as PDF files.

# Account

## Resetting your password

Open the sign-in page, click "Forgot password" and follow the link we email you. The link expires after one hour.
`;

type Ask = {
  action: string;
  answer?: string;
  chunks: Array<{ documentId: string; text: string; score: number }>;
  reason: string;
};

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === "/big") {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("x".repeat(5000));
      return;
    }
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(
      "<html><head><title>x</title><script>var secret=1</script></head><body><h1>Shipping</h1><p>Orders ship from Rotterdam within two working days.</p><h2>Tracking</h2><p>Every parcel gets a tracking number by SMS.</p></body></html>",
    );
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  pageUrl = `http://127.0.0.1:${port}/shipping`;
  hub = await startTestHub({ env: { BOT_FETCH_ALLOWED_HOSTS: `127.0.0.1:${port}`, BOT_FETCH_MAX_BYTES: "4096" } });
});
afterAll(async () => {
  await hub.stop();
  server.close();
});

describe("knowledge base API", () => {
  it("adds a Markdown document, chunks it under its headings, and answers from it with sources", async () => {
    const created = await hub.api("POST", "/api/bot/documents", {
      title: "Help center",
      content: GUIDE,
      contentType: "markdown",
    });
    expect(created.status).toBe(201);
    const doc = created.body as { id: string; chunkCount: number; outcome: string };
    expect(doc.outcome).toBe("created");
    expect(doc.chunkCount).toBe(3);
    const detail = (await hub.api("GET", `/api/bot/documents/${doc.id}`)).body as {
      chunks: Array<{ heading: string }>;
    };
    expect(detail.chunks.map((c) => c.heading)).toEqual([
      "Help center › Billing › Refunds",
      "Help center › Billing › Invoices",
      "Help center › Account › Resetting your password",
    ]);

    const ask = (await hub.api("POST", "/api/bot/ask", { question: "How do I reset my password?" })).body as Ask;
    expect(ask.action).toBe("answer");
    expect(ask.answer).toContain("Forgot password");
    expect(ask.chunks[0]).toMatchObject({ documentId: doc.id });
    expect(ask.chunks[0]?.text).toContain("Forgot password");
    expect(ask.chunks[0]?.score).toBeGreaterThan(0);

    const off = (await hub.api("POST", "/api/bot/ask", { question: "Do you integrate with Salesforce?" })).body as Ask;
    expect(off.action).toBe("handoff");
    expect(off.answer).toBeUndefined();
    expect(off.reason).toMatch(/confidence|nothing/);

    const person = (await hub.api("POST", "/api/bot/ask", { question: "I want to talk to a human about refunds" }))
      .body as Ask;
    expect(person).toMatchObject({ action: "handoff", reason: "the customer asked for a person" });
  });

  it("re-adding a changed document replaces its chunks; the same content changes nothing; delete removes", async () => {
    const v1 = (
      await hub.api("POST", "/api/bot/documents", { title: "Returns", content: "Returns are free for 30 days." })
    ).body as { id: string };
    const same = await hub.api("POST", "/api/bot/documents", {
      title: "Returns",
      content: "Returns are free for 30 days.",
    });
    expect(same).toMatchObject({ status: 200, body: { id: v1.id, outcome: "unchanged" } });
    const v2 = await hub.api("POST", "/api/bot/documents", {
      title: "Returns",
      content: "Returns cost 5 euros after the first 10 days.",
    });
    expect(v2).toMatchObject({ status: 200, body: { id: v1.id, outcome: "replaced" } });
    const ask = (await hub.api("POST", "/api/bot/ask", { question: "how much do returns cost" })).body as Ask;
    expect(ask.chunks.map((c) => c.text)).toContain("Returns cost 5 euros after the first 10 days.");
    expect(ask.chunks.map((c) => c.text)).not.toContain("Returns are free for 30 days.");

    expect((await hub.api("DELETE", `/api/bot/documents/${v1.id}`)).status).toBe(200);
    expect((await hub.api("GET", `/api/bot/documents/${v1.id}`)).status).toBe(404);
    const after = (await hub.api("POST", "/api/bot/ask", { question: "how much do returns cost" })).body as Ask;
    expect(after.chunks.some((c) => c.documentId === v1.id)).toBe(false);
    expect((await hub.api("DELETE", `/api/bot/documents/${v1.id}`)).status).toBe(404);
  });

  it("a second process loads the stored index and finds the same chunks", async () => {
    const fresh = new KnowledgeStore(hub.deps.database.db);
    const found = await fresh.search(hub.workspaceId, "When are invoices emailed?", 5);
    expect(found.hits[0]?.text).toContain("first day of every month");
    expect(found.confidence).toBeGreaterThan(0.5);
  });

  it("fetches an allowed URL once (HTML, scripts dropped) and refuses private hosts, oversized pages and bad input", async () => {
    const fetched = await hub.api("POST", "/api/bot/documents", { title: "Shipping", url: pageUrl });
    expect(fetched.status).toBe(201);
    const detail = (await hub.api("GET", `/api/bot/documents/${(fetched.body as { id: string }).id}`)).body as {
      sourceUrl: string;
      contentType: string;
      chunks: Array<{ heading: string; text: string }>;
    };
    expect(detail.contentType).toBe("html");
    expect(detail.sourceUrl).toBe(pageUrl);
    expect(detail.chunks.map((c) => c.heading)).toEqual(["Shipping", "Shipping › Tracking"]);
    expect(JSON.stringify(detail.chunks)).not.toContain("secret");

    const big = await hub.api("POST", "/api/bot/documents", {
      title: "Big",
      url: pageUrl.replace("/shipping", "/big"),
    });
    expect(big.status).toBe(422);
    const local = await hub.api("POST", "/api/bot/documents", { title: "Local", url: "http://localhost:1/x" });
    expect(local.status).toBe(422);
    expect(JSON.stringify(local.body)).toMatch(/not in BOT_FETCH_ALLOWED_HOSTS|private/);
    expect((await hub.api("POST", "/api/bot/documents", { title: "x" })).status).toBe(400);
    expect((await hub.api("POST", "/api/bot/documents", { title: "x", content: "   " })).status).toBe(400);
    expect((await hub.api("POST", "/api/bot/ask", { question: "" })).status).toBe(400);
    expect((await hub.api("POST", "/api/bot/ask", { question: "hi", inboxId: "nope" })).status).toBe(404);
  });
});
