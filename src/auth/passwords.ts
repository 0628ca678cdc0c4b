import { hash, verify } from "@node-rs/argon2";
import { z } from "zod";

/**
 * argon2id (the library's default algorithm) at OWASP's baseline: 19 MiB, 2 passes, 1 lane. Memory-hard, so a
 * leaked table costs an attacker memory per guess, not just time.
 */
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Long enough to resist guessing; bounded so a megabyte "password" cannot tie up the hasher. */
export const passwordSchema = z.string().min(12, "at least 12 characters").max(256);

export const hashPassword = (password: string): Promise<string> => hash(password, OPTIONS);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash is a failed login, not a 500.
    return false;
  }
}

let dummy: Promise<string> | undefined;

/**
 * Verifies against a throwaway hash when the email is unknown, so the response time does not reveal which
 * emails have accounts.
 */
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummy ??= hashPassword("switchboard-timing-equaliser");
  await verifyPassword(await dummy, password);
  return false;
}
