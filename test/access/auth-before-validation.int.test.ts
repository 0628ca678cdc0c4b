import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RouteAccess } from "../../src/http/auth.ts";
import { startTestHub, type TestHub } from "../helpers/hub.ts";

/**
 * Generated from the app's own route table (every route registered with a role): a stranger learns nothing about a
 * route's schema. Whatever is wrong with the request besides its credentials (body, query, path, media type), the
 * answer is 401, because authentication runs before the body is parsed or anything is validated.
 */
let hub: TestHub;
let guarded: RouteAccess[];

beforeAll(async () => {
  hub = await startTestHub();
  guarded = hub.app.routeAccess.filter((r) => r.role !== null);
});
afterAll(async () => hub?.stop());

const WITH_BODY = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** Invalid in every way a request can be: params, query, body shape, body syntax, media type. */
const INVALID_REQUESTS: Array<{ name: string; contentType: string; body: string }> = [
  {
    name: "a body of the wrong shape",
    contentType: "application/json",
    body: '{"unexpected":[1,{"x":null}],"name":42}',
  },
  { name: "a body that is not JSON", contentType: "application/json", body: '{"name": "cut off' },
  { name: "an unparsable content type", contentType: "garbage///", body: "{}" },
  { name: "a foreign content type", contentType: "application/x-www-form-urlencoded", body: "a=1&b=2" },
  { name: "a deeply nested body", contentType: "application/json", body: `${"[".repeat(5000)}${"]".repeat(5000)}` },
];

const invalidPath = (url: string) =>
  `${url.replace(/:(\w+)/g, "%2E%2E%2F-not-an-id")}?limit=-5&cursor=${"z".repeat(300)}`;

describe("authentication before validation, on every guarded route", () => {
  it("knows the routes it is testing", () => {
    expect(guarded.length).toBeGreaterThan(30);
    expect(guarded.every((r) => r.url.startsWith("/api/"))).toBe(true);
  });

  it.each(INVALID_REQUESTS)("an unauthenticated request with $name → 401 on every route", async (invalid) => {
    const answers: string[] = [];
    for (const route of guarded) {
      const res = await fetch(`${hub.url}${invalidPath(route.url)}`, {
        method: route.method,
        headers: WITH_BODY.has(route.method) ? { "content-type": invalid.contentType } : {},
        body: WITH_BODY.has(route.method) ? invalid.body : undefined,
      });
      const body = (await res.json()) as { error?: { code?: string } };
      answers.push(`${route.method} ${route.url} → ${res.status} ${body.error?.code}`);
    }
    expect(answers.filter((a) => !a.endsWith("→ 401 unauthorized"))).toEqual([]);
  });

  it("a wrong credential is also refused before validation", async () => {
    for (const route of guarded.filter((r) => WITH_BODY.has(r.method))) {
      const res = await fetch(`${hub.url}${invalidPath(route.url)}`, {
        method: route.method,
        headers: { "content-type": "application/json", authorization: "Bearer sbk_not-a-real-key-0000000000" },
        body: '{"unexpected":true}',
      });
      await res.arrayBuffer();
      expect({ route: `${route.method} ${route.url}`, status: res.status }).toEqual({
        route: `${route.method} ${route.url}`,
        status: 401,
      });
    }
  });
});
