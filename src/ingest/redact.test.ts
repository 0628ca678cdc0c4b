import { describe, expect, it } from "vitest";
import { platforms } from "../platforms/registry.ts";
import { redactRejectedBody, redactRejectedHeaders } from "./redact.ts";

const SECRET = "the-real-secret-0123";

describe("redactRejectedBody", () => {
  it("runs every platform's redaction, whatever the URL's platform", () => {
    const out = redactRejectedBody(Buffer.from('{"secret_key":"other-connection-secret"'), platforms, [SECRET]);
    expect(out.toString()).toBe('{"secret_key":"[redacted]"');
  });

  it("cuts the connection's own secret out wherever it appears verbatim", () => {
    const out = redactRejectedBody(Buffer.from(`x${SECRET}y ${SECRET}`), platforms, [SECRET]);
    expect(out.toString()).toBe("x[redacted]y [redacted]");
  });

  it("leaves other bytes alone, invalid UTF-8 included", () => {
    const raw = Buffer.from([0x7b, 0xff, 0x7d]);
    expect(redactRejectedBody(raw, platforms, [SECRET]).equals(raw)).toBe(true);
  });
});

describe("redactRejectedHeaders", () => {
  it("keeps only harmless headers, capped, with the secret cut out", () => {
    const out = redactRejectedHeaders(
      {
        "content-type": "application/json",
        "user-agent": `bot ${SECRET}`,
        authorization: `Bearer ${SECRET}`,
        "verification-token": SECRET,
        "x-chatwoot-signature": "sha256=abc",
        "x-chatwoot-delivery": "d".repeat(1000),
      },
      [SECRET],
    );
    expect(out).toEqual({
      "content-type": "application/json",
      "user-agent": "bot [redacted]",
      "x-chatwoot-delivery": "d".repeat(256),
    });
  });
});
