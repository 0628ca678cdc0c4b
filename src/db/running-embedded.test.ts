import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { freePort } from "../../bench/lib.ts";
import { findRunningEmbeddedPostgres, parsePostmasterPid, processExists } from "./running-embedded.ts";

// The layout PostgreSQL 18 writes (pid, data dir, start time, port, socket dir, listen address, shmem key, status).
const file = (pid: string, port: string, status: string) =>
  [pid, "/data/postgres", "1764864000", port, "", "127.0.0.1", "  54329001         3", status, ""].join("\n");

describe("parsePostmasterPid", () => {
  it.each([
    {
      name: "a ready server",
      text: file("4242", "54329", "ready   "),
      want: { pid: 4242, port: 54329, status: "ready" },
    },
    {
      name: "a starting server",
      text: file("4242", "54329", "starting"),
      want: { pid: 4242, port: 54329, status: "starting" },
    },
    {
      name: "an older file without status",
      text: "4242\n/d\n1\n54329\n",
      want: { pid: 4242, port: 54329, status: "" },
    },
    { name: "an empty file (being written)", text: "", want: null },
    { name: "a pid that is not a number", text: file("abc", "54329", "ready"), want: null },
    { name: "a negative pid (a single-user backend)", text: file("-4242", "54329", "ready"), want: null },
    { name: "a port out of range", text: file("4242", "70000", "ready"), want: null },
  ])("$name", ({ text, want }) => {
    expect(parsePostmasterPid(text)).toEqual(want);
  });
});

describe("processExists", () => {
  it("is true for this process and false for a pid that cannot exist", () => {
    expect(processExists(process.pid)).toBe(true);
    expect(processExists(2 ** 22 + 1)).toBe(false);
  });
});

describe("findRunningEmbeddedPostgres", () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "switchboard-pidfile-"));
    await mkdir(path.join(dataDir, "postgres"));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });
  const pidFile = (text: string) => writeFile(path.join(dataDir, "postgres", "postmaster.pid"), text);

  it("finds nothing without a pid file (no server, or it stopped cleanly)", async () => {
    expect(await findRunningEmbeddedPostgres(dataDir, "switchboard")).toBeNull();
  });

  it("ignores a stale file left by a crash (its pid is gone)", async () => {
    await pidFile(file(String(2 ** 22 + 1), String(await freePort()), "ready"));
    expect(await findRunningEmbeddedPostgres(dataDir, "switchboard")).toBeNull();
  });

  it("ignores a live pid that is not a server answering on the port (a reused pid)", async () => {
    await pidFile(file(String(process.pid), String(await freePort()), "ready"));
    expect(await findRunningEmbeddedPostgres(dataDir, "switchboard")).toBeNull();
  });

  it("ignores a server that is still starting or stopping", async () => {
    await pidFile(file(String(process.pid), String(await freePort()), "stopping"));
    expect(await findRunningEmbeddedPostgres(dataDir, "switchboard")).toBeNull();
  });
});
