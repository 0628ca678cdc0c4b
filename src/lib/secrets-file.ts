import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Reads a generated secret from DATA_DIR, or creates it (mode 0600). Returns whether it was just created, so the
 * caller can warn or print it once.
 */
export function loadOrCreateSecret(
  dataDir: string,
  name: string,
  make: () => string,
): { value: string; created: boolean } {
  const file = path.resolve(dataDir, name);
  if (existsSync(file)) return { value: readFileSync(file, "utf8").trim(), created: false };
  mkdirSync(path.dirname(file), { recursive: true });
  const value = make();
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  return { value, created: true };
}

/** SECRET_KEY may be 32 bytes as base64 (44 chars) or hex (64 chars). */
export function parseSecretKey(value: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(value) ? Buffer.from(value, "hex") : Buffer.from(value, "base64");
  if (key.length !== 32) throw new Error("SECRET_KEY must be 32 bytes, base64- or hex-encoded");
  return key;
}

export const newSecretKey = () => randomBytes(32).toString("base64");
export const newApiKey = () => `sbk_${randomBytes(24).toString("base64url")}`;
