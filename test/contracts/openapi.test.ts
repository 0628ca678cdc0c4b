import { describe, expect, it } from "vitest";
import { sortIssues } from "./deviations.ts";
import type { HttpExchange } from "./openapi.ts";
import { OpenApiContract } from "./openapi.ts";

/** The contract helper itself, on a tiny spec: each check must catch what it claims to catch. */

const spec = (openapi: string, nullableName: unknown) => ({
  openapi,
  info: { title: "t", version: "1" },
  paths: {
    "/things/{thingId}": {
      parameters: [{ $ref: "#/components/parameters/ThingId" }],
      get: {
        parameters: [
          { name: "view", in: "query", schema: { type: "string", enum: ["Simple", "Detailed"] } },
          { name: "perPage", in: "query", schema: { oneOf: [{ type: "integer" }, { type: "string", enum: ["max"] }] } },
          { name: "tag", in: "query", schema: { type: "array", items: { type: "string" } } },
        ],
        responses: { "200": { $ref: "#/components/responses/Thing" } },
      },
      put: {
        requestBody: {
          required: true,
          content: { "application/json": { schema: { $ref: "#/components/schemas/ThingUpdate" } } },
        },
        responses: { "200": { $ref: "#/components/responses/Thing" }, "400": { description: "bad" } },
      },
      delete: { responses: { "204": { description: "gone" } } },
    },
    "/things/search": {
      get: {
        parameters: [{ name: "q", in: "query", required: true, schema: { type: "string" } }],
        responses: { "200": { description: "ok", content: { "application/json": { schema: { type: "array" } } } } },
      },
    },
  },
  components: {
    parameters: { ThingId: { name: "thingId", in: "path", required: true, schema: { type: "integer" } } },
    responses: {
      Thing: { description: "ok", content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" } } } },
    },
    schemas: {
      Thing: {
        type: "object",
        required: ["id", "name"],
        properties: { id: { type: "integer", format: "int32" }, name: nullableName },
      },
      ThingUpdate: {
        allOf: [
          { type: "object", properties: { name: { type: "string" } } },
          { type: "object", properties: { meta: { type: "object", properties: { color: { type: "string" } } } } },
          { required: ["name"] },
        ],
      },
    },
  },
});

const v30 = new OpenApiContract(spec("3.0.3", { type: "string", nullable: true }), "openapi-3.0", "t30");
const v31 = new OpenApiContract(spec("3.1.0", { type: ["string", "null"] }), "openapi-3.1", "t31");

const exchange = (over: Partial<HttpExchange>): HttpExchange => ({
  method: "GET",
  path: "/things/7",
  query: [],
  status: 200,
  responseContentType: "application/json; charset=utf-8",
  responseBody: JSON.stringify({ id: 7, name: "seven" }),
  ...over,
});

const messages = (c: OpenApiContract, e: HttpExchange) => c.check(e).map((i) => `${i.kind} ${i.pointer} ${i.message}`);

describe.each([
  ["3.0", v30],
  ["3.1", v31],
])("OpenApiContract (OpenAPI %s)", (_name, contract) => {
  it("accepts a conforming exchange, including a null where the schema allows it", () => {
    expect(contract.check(exchange({}))).toEqual([]);
    expect(contract.check(exchange({ responseBody: '{"id":7,"name":null}' }))).toEqual([]);
  });

  it("fails a path the spec does not have, and a method the path does not have", () => {
    expect(contract.check(exchange({ path: "/widgets/7" }))).toMatchObject([
      { kind: "operation", operation: "GET /widgets/7" },
    ]);
    expect(contract.check(exchange({ method: "POST" }))[0]?.message).toMatch(/only for GET, PUT, DELETE/);
  });

  it("prefers a literal segment over a template, and checks path parameters", () => {
    expect(contract.findOperation("GET", "/things/search")?.id).toBe("GET /things/search");
    expect(messages(contract, exchange({ path: "/things/search", responseBody: "[]" }))).toEqual([
      "query /q required parameter missing",
    ]);
    expect(messages(contract, exchange({ path: "/things/seven" }))[0]).toMatch(/^path \/thingId must be integer/);
  });

  it("coerces query strings by schema and fails unknown or invalid parameters", () => {
    const ok = exchange({
      query: [
        ["view", "Simple"],
        ["perPage", "100"],
        ["tag", "a"],
        ["tag", "b"],
      ],
    });
    expect(contract.check(ok)).toEqual([]);
    expect(contract.check(exchange({ query: [["perPage", "max"]] }))).toEqual([]);
    expect(messages(contract, exchange({ query: [["view", "Full"]] }))[0]).toMatch(/^query \/view must be equal/);
    expect(messages(contract, exchange({ query: [["expand", "1"]] }))).toEqual([
      "query /expand parameter not in the spec",
    ]);
  });

  it("validates request bodies, including keys the spec never mentions", () => {
    const put = (body: unknown) =>
      exchange({ method: "PUT", requestContentType: "application/json", requestBody: JSON.stringify(body) });
    expect(contract.check(put({ name: "x", meta: { color: "red" } }))).toEqual([]);
    expect(messages(contract, put({ name: 5 }))[0]).toMatch(/^request \/name must be string/);
    expect(messages(contract, put({ name: "x", colour: "red", meta: { shade: 1 } }))).toEqual([
      "request /colour property not in the spec",
      "request /meta/shade property not in the spec",
    ]);
    expect(messages(contract, put({}))).toContain("request  must have required property 'name'");
    expect(messages(contract, exchange({ method: "PUT" }))).toEqual(["request  required request body missing"]);
    expect(messages(contract, { ...put({ name: "x" }), requestContentType: "text/plain" })).toEqual([
      'request  content type text/plain not in ["application/json"]',
    ]);
    expect(messages(contract, exchange({ requestContentType: "application/json", requestBody: "{}" }))).toEqual([
      "request  the operation takes no request body",
    ]);
  });

  it("validates 2xx response bodies and statuses, and leaves error answers alone", () => {
    expect(messages(contract, exchange({ responseBody: '{"id":"7","name":"x"}' }))).toEqual([
      "response /id must be integer",
    ]);
    expect(messages(contract, exchange({ responseBody: '{"id":2147483648,"name":"x"}' }))[0]).toMatch(/format "int32"/);
    expect(messages(contract, exchange({ responseBody: '{"id":7}' }))).toEqual([
      "response  must have required property 'name'",
    ]);
    expect(messages(contract, exchange({ status: 201 }))[0]).toMatch(/status 201 is not documented/);
    expect(contract.check(exchange({ status: 404, responseBody: "nope" }))).toEqual([]);
    expect(contract.check(exchange({ method: "DELETE", status: 204, responseBody: "" }))).toEqual([]);
    expect(messages(contract, exchange({ method: "DELETE", status: 204, responseBody: "{}" }))).toEqual([
      "response  status 204 documents no body",
    ]);
  });
});

describe("deviation table", () => {
  it("explains matching issues, leaves the rest, and reports rows that matched nothing", () => {
    const issues = v30.check(exchange({ path: "/things/seven", responseBody: '{"id":7}' }));
    const row = { operation: "GET /things/{thingId}", kind: "path" as const, pointer: "/thingId", reason: "why" };
    const stale = { operation: /widgets/, kind: "operation" as const, reason: "gone" };
    const sorted = sortIssues(issues, [row, stale]);
    expect(sorted.unexplained.map((i) => i.kind)).toEqual(["response"]);
    expect([...sorted.used]).toEqual([row]);
  });
});
