import { describe, expect, it } from "vitest";
import { type CircuitState, circuitVerdict } from "./circuit-breaker.ts";

const options = { threshold: 3, openMs: 1000 };
const at = (ms: number | null) => (ms === null ? null : new Date(ms));
const state = (failures: number, openUntil: number | null, trialUntil: number | null = null): CircuitState => ({
  failures,
  openUntil: at(openUntil),
  trialUntil: at(trialUntil),
});

describe("circuitVerdict", () => {
  it.each([
    ["no row: closed", null, 0, { kind: "closed" }],
    ["below the threshold: closed", state(2, null), 0, { kind: "closed" }],
    ["open: wait until it ends", state(3, 1010), 500, { kind: "wait", ms: 510 }],
    ["cool-down over: the trial", state(3, 1010), 1010, { kind: "trial" }],
    ["a trial is out: wait for it", state(3, 1010, 2010), 1011, { kind: "wait", ms: 999 }],
    ["the trial's time ran out: a new trial", state(3, 1010, 2010), 2010, { kind: "trial" }],
    ["many failures, still open", state(9, 5000), 4000, { kind: "wait", ms: 1000 }],
  ] as const)("%s", (_name, s, now, expected) => {
    expect(circuitVerdict(s, now, options)).toEqual(expected);
  });
});
