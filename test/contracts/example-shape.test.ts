import { describe, expect, it } from "vitest";
import {
  anyObject,
  arrayOf,
  compareShape,
  mergeShapes,
  shapeOf,
  variantsOf,
  withOptionalFields,
} from "./example-shape.ts";

/** The example-shape comparison the LiveChat and Chatwoot contract tests rely on: each rule must be able to fail. */

const messages = (actual: unknown, shape: Parameters<typeof compareShape>[1], options = {}) =>
  compareShape(actual, shape, options).map((i) => `${i.pointer} ${i.message}`);

describe("example shapes", () => {
  const agent = { id: "a@x", name: "A", present: true, groups: [{ id: 0, priority: "normal" }] };

  it("accepts the example itself and fails wrong types, unknown keys and missing keys", () => {
    const shape = shapeOf(agent);
    expect(messages(agent, shape)).toEqual([]);
    expect(messages({ ...agent, present: "yes" }, shape)).toEqual(["/present is string, documented as boolean"]);
    expect(messages({ ...agent, mood: "ok" }, shape)).toEqual(["/mood key not in the documented examples"]);
    const { name: _name, ...nameless } = agent;
    expect(messages(nameless, shape)).toEqual(["/name documented key missing"]);
    expect(messages({ ...agent, groups: [{ id: "0", priority: "normal" }] }, shape)).toEqual([
      "/groups/0/id is string, documented as number",
    ]);
  });

  it("makes a key optional when one documented example lacks it", () => {
    const merged = mergeShapes(shapeOf(agent), shapeOf({ id: "b@x", name: "B", present: false }));
    const { groups: _groups, ...plain } = agent;
    expect(messages(plain, shapeOf(agent))).toEqual(["/groups documented key missing"]);
    expect(messages(plain, merged)).toEqual([]);
  });

  it("treats `{}` and `[]` placeholders and example nulls as unknown, but not as absent", () => {
    const shape = shapeOf({ chat: {}, users: [], summary: null });
    expect(messages({ chat: { anything: 1 }, users: [1, "two"], summary: { text: "x" } }, shape)).toEqual([]);
    expect(messages({ chat: {} }, shape)).toEqual(["/users documented key missing", "/summary documented key missing"]);
    expect(messages({ chat: "PJ0", users: [], summary: 1 }, shape)).toEqual(["/chat is string, documented as object"]);
  });

  it("picks the variant by discriminator and fails an undocumented one", () => {
    const users = arrayOf(
      variantsOf("type", [
        { type: "customer", id: "u", email: "e" },
        { type: "agent", id: "a@x" },
      ]),
    );
    expect(messages([{ type: "agent", id: "a@x" }], users)).toEqual([]);
    expect(messages([{ type: "agent", id: "a@x", email: "e" }], users)).toEqual([
      "/0/email key not in the documented examples",
    ]);
    expect(messages([{ type: "bot", id: "b" }], users)[0]).toMatch(/^\/0\/type "bot" is not a documented type/);
  });

  it("substitutes named structures and free-form maps wherever the key appears", () => {
    const named = new Map([["properties", anyObject()]]);
    const shape = shapeOf({ thread: { properties: { ns: { k: "v" } } } }, named);
    expect(messages({ thread: { properties: { routing: { idle: false } } } }, shape)).toEqual([]);
  });

  it("honours documented-optional pointers, request subsets and documented extra fields", () => {
    const shape = shapeOf({ id: "PJ0", next_page_id: "x" });
    expect(messages({ id: "PJ0" }, shape, { optional: [/^\/next_page_id$/] })).toEqual([]);
    expect(messages({}, shape, { missingIsFine: true })).toEqual([]);
    expect(messages({ id: "PJ0", limit: 1 }, shape, { missingIsFine: true })).toEqual([
      "/limit key not in the documented examples",
    ]);
    const extended = withOptionalFields(shape, { previous_page_id: "y" });
    expect(messages({ id: "PJ0", next_page_id: "x", previous_page_id: "y" }, extended)).toEqual([]);
    expect(messages({ id: "PJ0", next_page_id: "x", previous_page_id: 3 }, extended)).toEqual([
      "/previous_page_id is number, documented as string",
    ]);
  });
});
