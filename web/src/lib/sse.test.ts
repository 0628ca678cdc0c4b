import { describe, expect, it } from "vitest";
import { createSseParser } from "./sse.ts";

describe("createSseParser", () => {
  it("parses named events, comments and retry, across chunk boundaries", () => {
    const parser = createSseParser();
    expect(parser.push("retry: 3000\n\n: ready\n\nevent: agent.upd")).toEqual([]);
    expect(parser.retryMs()).toBe(3000);
    expect(parser.push('ated\ndata: {"type":"agent.updated","id":"agt_1"}\n')).toEqual([]);
    expect(parser.push("\n")).toEqual([{ event: "agent.updated", data: '{"type":"agent.updated","id":"agt_1"}' }]);
  });

  it("defaults the event name, joins multi-line data and accepts CRLF", () => {
    const parser = createSseParser();
    expect(parser.push("data: a\r\ndata: b\r\n\r\n")).toEqual([{ event: "message", data: "a\nb" }]);
  });

  it("ignores events without data and keeps the last id", () => {
    const parser = createSseParser();
    expect(parser.push("event: x\n\nid: 7\ndata:y\n\n")).toEqual([{ event: "message", data: "y", id: "7" }]);
  });
});
