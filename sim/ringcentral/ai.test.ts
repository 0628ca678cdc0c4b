import { execFileSync } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CALL_SCRIPTS, scriptFor } from "./speech.ts";
import { call, login, startCall, startSim, type TestSim } from "./test-support.ts";

let t: TestSim;
let token: string;
let recordingId: string;
const espeak = (() => {
  try {
    execFileSync("espeak-ng", ["--version"]);
    execFileSync("sox", ["--version"]);
    return true;
  } catch {
    return false;
  }
})();

beforeAll(async () => {
  t = await startSim();
  token = (await login(t)).access_token;
  const id = await startCall(t.base, { extensionId: "101", direction: "Inbound", from: "+14155550102" });
  await call(t.base, "POST", `/_sim/calls/${id}/end`, { body: {} });
  await call(t.base, "POST", "/_sim/call-log/flush");
  const session = await call(t.base, "GET", `/_sim/calls/${id}`);
  const parties = session.json.parties as { recordingId?: string }[];
  recordingId = parties.find((p) => p.recordingId)?.recordingId ?? "";
});
afterAll(() => t.close());

const contentUri = () => `${t.base}/restapi/v1.0/account/~/recording/${recordingId}/content`;

describe("recording audio", () => {
  it("serves a complete 8 kHz mono WAV of the scripted words (espeak-ng) or a tone without it", async () => {
    const res = await fetch(contentUri(), { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const wav = Buffer.from(await res.arrayBuffer());
    expect(wav.toString("ascii", 0, 4)).toBe("RIFF");
    expect(wav.readUInt32LE(24)).toBe(8000);
    expect(wav.readUInt16LE(22)).toBe(1);
    const dataAt = wav.indexOf("data");
    expect(wav.readUInt32LE(dataAt + 4)).toBe(wav.length - dataAt - 8);
    // Speech of a whole sentence lasts seconds; the fallback tone is capped at 3 s.
    const seconds = (wav.length - dataAt - 8) / 16000;
    if (espeak) expect(seconds).toBeGreaterThan(3);
    else expect(seconds).toBeLessThanOrEqual(3);
  });

  it("injected faults: truncated and not audio", async () => {
    await call(t.base, "POST", `/_sim/recordings/${recordingId}/fault`, { body: { fault: "truncate" } });
    const cut = Buffer.from(
      await (await fetch(contentUri(), { headers: { authorization: `Bearer ${token}` } })).arrayBuffer(),
    );
    expect(cut.readUInt32LE(cut.indexOf("data") + 4)).toBeGreaterThan(cut.length);
    await call(t.base, "POST", `/_sim/recordings/${recordingId}/fault`, { body: { fault: "not_audio" } });
    const page = await (await fetch(contentUri(), { headers: { authorization: `Bearer ${token}` } })).text();
    expect(page).toContain("<html>");
    await call(t.base, "POST", `/_sim/recordings/${recordingId}/fault`, { body: { fault: "none" } });
  });
});

describe("RingCentral AI", () => {
  it("speech-to-text: 202 + jobId, result at the status endpoint and POSTed to the webhook", async () => {
    const received: unknown[] = [];
    const server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        received.push(JSON.parse(body));
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const hook = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    try {
      const res = await call(t.base, "POST", `/ai/audio/v1/async/speech-to-text?webhook=${encodeURIComponent(hook)}`, {
        token,
        body: { contentUri: contentUri(), encoding: "Wav", languageCode: "en-US" },
      });
      expect(res.status).toBe(202);
      const job = await call(t.base, "GET", `/ai/status/v1/jobs/${String(res.json.jobId)}`, { token });
      expect(job.json).toMatchObject({ jobId: res.json.jobId, status: "Success" });
      const out = job.json.response as { transcript: string; words: unknown[]; utterances: unknown[] };
      expect(out.transcript).toBe(scriptFor(recordingId));
      expect(CALL_SCRIPTS).toContain(out.transcript);
      expect(out.words.length).toBe(out.transcript.split(" ").length);
      for (let i = 0; i < 50 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(received).toEqual([{ status: "Success", response: out }]);
    } finally {
      server.close();
    }
  });

  it("speech-to-text of media it cannot reach: the job fails; bad input is a 400; no token is a 401", async () => {
    const res = await call(t.base, "POST", "/ai/audio/v1/async/speech-to-text", {
      token,
      body: { contentUri: "https://elsewhere.example/a.wav", encoding: "Wav", languageCode: "en-US" },
    });
    const job = await call(t.base, "GET", `/ai/status/v1/jobs/${String(res.json.jobId)}`, { token });
    expect(job.json.status).toBe("Fail");
    const bad = await call(t.base, "POST", "/ai/audio/v1/async/speech-to-text", { token, body: { encoding: "Flac" } });
    expect(bad.status).toBe(400);
    const anon = await call(t.base, "POST", "/ai/audio/v1/async/speech-to-text", { body: {} });
    expect(anon.status).toBe(401);
    expect((await call(t.base, "GET", "/ai/status/v1/jobs/nope", { token })).status).toBe(404);
  });

  it("summarize: extractive summary units from the utterances; outage switch → 500", async () => {
    const utterances = [
      { speakerId: "0", text: "Hello. I need a refund for order 4512 because it arrived broken.", start: 0, end: 4 },
      { speakerId: "1", text: "Sure.", start: 4, end: 5 },
    ];
    const res = await call(t.base, "POST", "/ai/text/v1/async/summarize", { token, body: { utterances } });
    expect(res.status).toBe(202);
    const job = await call(t.base, "GET", `/ai/status/v1/jobs/${String(res.json.jobId)}`, { token });
    const out = job.json.response as { summaries: { name: string; values: { text: string }[] }[] };
    expect(out.summaries[0]?.name).toBe("Extractive");
    expect(out.summaries[0]?.values.map((v) => v.text)).toEqual(["Hello.", "Sure."]);
    await call(t.base, "POST", "/_sim/ai/outage", { body: { down: true } });
    expect((await call(t.base, "POST", "/ai/text/v1/async/summarize", { token, body: { utterances } })).status).toBe(
      500,
    );
    await call(t.base, "POST", "/_sim/ai/outage", { body: { down: false } });
  });
});
