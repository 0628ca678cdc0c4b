import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { railsJson } from "./json.ts";
import { chatwootDeliveryHeaders, signChatwoot } from "./signing.ts";

describe("signChatwoot", () => {
  it("matches the test vector in platforms/chatwoot.md §2.2", () => {
    const body = '{"event":"message_created","id":9001,"message_type":"incoming"}';
    expect(signChatwoot("k3vQ9sX2mT7pL4nB8cR1wZ6y", "1781691323", body)).toBe(
      "sha256=818c6a3fea433eeb0d383cf242a9a2cf6c8d57dffc193b340c6d86dbd930dd83",
    );
  });

  it("signs timestamp and body together, not the body alone", () => {
    const body = '{"a":1}';
    const bodyOnly = `sha256=${createHmac("sha256", "s").update(body).digest("hex")}`;
    expect(signChatwoot("s", 1, body)).not.toBe(bodyOnly);
    expect(signChatwoot("s", 1, body)).not.toBe(signChatwoot("s", 2, body));
  });
});

describe("chatwootDeliveryHeaders", () => {
  it("sends delivery id, timestamp in unix seconds and a verifiable signature", () => {
    const headers = chatwootDeliveryHeaders({ deliveryId: "d-1", secret: "sec", body: "{}", nowMs: 1_781_691_323_999 });
    expect(headers["X-Chatwoot-Delivery"]).toBe("d-1");
    expect(headers["X-Chatwoot-Timestamp"]).toBe("1781691323");
    expect(headers["Content-Type"]).toBe("application/json");
    const expected = createHmac("sha256", "sec").update("1781691323.{}").digest("hex");
    expect(headers["X-Chatwoot-Signature"]).toBe(`sha256=${expected}`);
  });

  it("omits timestamp and signature without a secret", () => {
    const headers = chatwootDeliveryHeaders({ deliveryId: "d-1", secret: null, body: "{}", nowMs: 0 });
    expect(headers["X-Chatwoot-Signature"]).toBeUndefined();
    expect(headers["X-Chatwoot-Timestamp"]).toBeUndefined();
    expect(headers["X-Chatwoot-Delivery"]).toBe("d-1");
  });
});

describe("railsJson", () => {
  it("escapes <, >, & and line separators like Rails to_json, and stays parseable", () => {
    const value = { content: "a <b> & c\u2028" };
    const out = railsJson(value);
    expect(out).toBe('{"content":"a \\u003cb\\u003e \\u0026 c\\u2028"}');
    expect(JSON.parse(out)).toEqual(value);
  });
});
