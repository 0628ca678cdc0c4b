import { describe, expect, it } from "vitest";
import { inspectAudio } from "./audio.ts";

function wav(dataBytes: number, announced = dataBytes): Uint8Array {
  const b = Buffer.alloc(44 + dataBytes);
  b.write("RIFF", 0, "ascii");
  b.writeUInt32LE(36 + announced, 4);
  b.write("WAVEfmt ", 8, "ascii");
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(8000, 24);
  b.writeUInt32LE(16000, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write("data", 36, "ascii");
  b.writeUInt32LE(announced, 40);
  return b;
}

describe("inspectAudio", () => {
  it.each([
    ["complete 8 kHz WAV", wav(16000), { ok: true, format: "wav", durationSec: 1 }],
    ["WAV with fewer bytes than announced", wav(8000, 16000), { ok: false, reason: "truncated" }],
    ["WAV cut inside its header", wav(100).subarray(0, 30), { ok: false, reason: "truncated" }],
    ["MP3 with an ID3 tag", Buffer.from("ID3\u0004\u0000rest"), { ok: true, format: "mpeg", durationSec: null }],
    ["an HTML page", Buffer.from("<html>login</html>"), { ok: false, reason: "not_audio" }],
    ["JSON error body", Buffer.from('{"errorCode":"CMN-102"}'), { ok: false, reason: "not_audio" }],
    ["nothing", new Uint8Array(0), { ok: false, reason: "empty" }],
  ])("%s", (_name, bytes, expected) => {
    expect(inspectAudio(bytes)).toEqual(expected);
  });
});
