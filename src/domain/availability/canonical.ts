/**
 * Small value helpers shared by the engine. Platform states and targets are flat string records, so one
 * canonical form serves equality, idempotency keys and history for every platform.
 */

type FlatState = { readonly [key: string]: string | undefined };

/** `key=value` pairs sorted by key; absent halves (a RingCentral DND-only event) are left out. */
export function canonicalState(state: FlatState): string {
  return Object.keys(state)
    .filter((key) => state[key] !== undefined)
    .sort()
    .map((key) => `${key}=${state[key]}`)
    .join(",");
}

export const sameState = (a: FlatState, b: FlatState): boolean => canonicalState(a) === canonicalState(b);

/**
 * Milliseconds of an ISO time. Schemas reject bad times at the boundary; should one still slip through it
 * sorts before everything, so it can never win a last-writer-wins comparison.
 */
export function toMs(iso: string): number {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
}

export const toIso = (ms: number): string => new Date(ms).toISOString();

/** FNV-1a, 32 bit, hex: short and stable, used only to keep idempotency keys compact. */
export function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}
