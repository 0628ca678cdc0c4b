import { describe, expect, it } from "vitest";
import { buildCreateRequest, missingField } from "./connection-fields.ts";

describe("buildCreateRequest", () => {
  it("puts each answer where the API expects it and leaves empty ones out", () => {
    expect(
      buildCreateRequest("livechat", " Support ", { clientId: "cid", accountId: "acc", pat: "p", baseUrl: "" }),
    ).toEqual({
      platform: "livechat",
      name: "Support",
      settings: { clientId: "cid" },
      credentials: { accountId: "acc", pat: "p" },
    });
  });

  it("sends Chatwoot's account id as a number and its own webhook secret apart", () => {
    expect(
      buildCreateRequest("chatwoot", "CW", {
        accountId: "7",
        apiAccessToken: "t",
        webhookSecret: "s3cret-from-chatwoot",
      }),
    ).toEqual({
      platform: "chatwoot",
      name: "CW",
      settings: { accountId: 7 },
      credentials: { apiAccessToken: "t" },
      webhookSecret: "s3cret-from-chatwoot",
    });
  });
});

describe("missingField", () => {
  it("names the first required field left empty", () => {
    expect(missingField("ringcentral", { clientId: "x", clientSecret: " " })?.name).toBe("clientSecret");
    expect(missingField("ringcentral", { clientId: "x", clientSecret: "y", jwt: "z" })).toBeUndefined();
  });
});
