/** What a downloaded recording turned out to be; `reason` says why it cannot be transcribed. */
export type AudioCheck =
  | { ok: true; format: "wav" | "mpeg"; durationSec: number | null }
  | { ok: false; reason: "empty" | "not_audio" | "truncated" | "unsupported_wav" };

/**
 * Recognises the audio RingCentral serves (WAV or MP3) from its bytes, never from the claimed content type, and
 * spots truncated WAV files (fewer data bytes than the header announces).
 */
export function inspectAudio(bytes: Uint8Array): AudioCheck {
  if (bytes.length === 0) return { ok: false, reason: "empty" };
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes.length >= 12 && ascii(0, 4) === "RIFF" && ascii(8, 12) === "WAVE") return inspectWav(bytes);
  const id3 = bytes.length >= 3 && ascii(0, 3) === "ID3";
  const frameSync = bytes.length >= 2 && bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe0) === 0xe0;
  if (id3 || frameSync) return { ok: true, format: "mpeg", durationSec: null };
  return { ok: false, reason: "not_audio" };
}

function inspectWav(bytes: Uint8Array): AudioCheck {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 12;
  let byteRate = 0;
  while (offset + 8 <= bytes.length) {
    const id = String.fromCharCode(...bytes.subarray(offset, offset + 4));
    const size = view.getUint32(offset + 4, true);
    if (id === "fmt " && offset + 20 <= bytes.length) byteRate = view.getUint32(offset + 16, true);
    if (id === "data") {
      const available = bytes.length - (offset + 8);
      // Streamed WAVs may announce 0 or 0xFFFFFFFF: only a concrete, larger size proves truncation.
      if (size !== 0 && size !== 0xffffffff && available < size) return { ok: false, reason: "truncated" };
      if (byteRate === 0) return { ok: false, reason: "unsupported_wav" };
      return { ok: true, format: "wav", durationSec: Math.min(available, size || available) / byteRate };
    }
    offset += 8 + size + (size % 2);
  }
  return { ok: false, reason: "truncated" };
}
