import { describe, expect, it } from "vitest";
import { commandKey } from "../../src/domain/availability/index.ts";
import { decisionOf } from "./availability-ledger.ts";
import { counterValue, errorLines, type HubProcess, type LogLine, levelOf } from "./hub-process.ts";

const processWith = (lines: LogLine[]): HubProcess => ({
  name: "web#1",
  pid: 1,
  url: "http://127.0.0.1:1",
  lines,
  exit: () => null,
  stop: async () => ({ code: 0, signal: null }),
  signal: async () => null,
  respawn: async () => processWith(lines),
});

const line = (stream: LogLine["stream"], text: string): LogLine => ({ stream, text, level: levelOf(text) });

describe("errorLines", () => {
  it("reports log lines at error level and above, and raw stderr, but not warnings or raw stdout", () => {
    const p = processWith([
      line("stdout", '{"level":30,"msg":"listening"}'),
      line("stdout", '{"level":40,"msg":"no users yet"}'),
      line("stdout", '{"level":50,"msg":"job failed"}'),
      line("stderr", '{"level":60,"msg":"fatal"}'),
      line("stdout", "  Switchboard is ready at http://127.0.0.1:3000"),
      line("stderr", "TypeError: boom"),
    ]);
    expect(errorLines([p])).toEqual([
      'web#1: {"level":50,"msg":"job failed"}',
      'web#1: {"level":60,"msg":"fatal"}',
      "web#1: TypeError: boom",
    ]);
  });

  it("treats JSON without a numeric level as raw text", () => {
    expect(levelOf('{"msg":"no level"}')).toBeNull();
    expect(levelOf('{"level":"error"}')).toBeNull();
    expect(levelOf("not json")).toBeNull();
  });
});

describe("counterValue", () => {
  const text = [
    "# HELP switchboard_webhooks_received_total Webhooks accepted",
    "# TYPE switchboard_webhooks_received_total counter",
    'switchboard_webhooks_received_total{platform="livechat"} 7',
    'switchboard_webhooks_received_total{platform="ringcentral"} 2',
    'switchboard_webhooks_received_total_other{platform="livechat"} 100',
  ].join("\n");

  it("sums the series matching the labels and ignores metrics sharing the prefix", () => {
    expect(counterValue(text, "switchboard_webhooks_received_total", { platform: "livechat" })).toBe(7);
    expect(counterValue(text, "switchboard_webhooks_received_total")).toBe(9);
    expect(counterValue(text, "switchboard_webhooks_received_total", { platform: "chatwoot" })).toBe(0);
  });
});

describe("decisionOf", () => {
  it("drops only the basis hash of the engine's own keys, keeping agent, platform, target and revision", () => {
    const target = { routingStatus: "not_accepting_chats" } as const;
    const decision = decisionOf(commandKey("agt_1", "livechat", target, 3, undefined));
    const seenLater = {
      state: { routingStatus: "accepting_chats" as const },
      at: "2025-01-01T00:00:00Z",
      source: "webhook" as const,
    };
    expect(decisionOf(commandKey("agt_1", "livechat", target, 3, seenLater))).toBe(decision);
    expect(decision).toContain("agt_1");
    expect(decision).not.toBe(decisionOf(commandKey("agt_1", "livechat", target, 4, undefined)));
    expect(decision).not.toBe(decisionOf(commandKey("agt_2", "livechat", target, 3, undefined)));
  });
});
