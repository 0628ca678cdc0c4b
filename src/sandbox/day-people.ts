import type { Customer } from "./day-script.ts";
import type { Rng } from "./rng.ts";

const FIRST = ["Jane", "Wade", "Esther", "Cameron", "Brooklyn", "Leslie", "Jenny", "Guy", "Robert", "Kristin"];
const LAST = ["Cooper", "Warren", "Howard", "Williamson", "Simmons", "Alexander", "Wilson", "Hawkins"];

/**
 * The day's customers: a fixed pool, so the same people come back (their second chat or call lands on the
 * customer record created by the first, as it would in a real team's day). Reserved 555-01xx numbers.
 */
export function customerPool(size = 40): Customer[] {
  const out: Customer[] = [];
  for (let i = 0; i < size; i++) {
    const first = FIRST[i % FIRST.length] ?? "Pat";
    const last = LAST[Math.floor(i / FIRST.length) % LAST.length] ?? "Doe";
    out.push({
      name: `${first} ${last}`,
      email: `${first}.${last}${i}@example.com`.toLowerCase(),
      phone: `+1415555${String(200 + i).padStart(4, "0")}`,
    });
  }
  return out;
}

const LINES = {
  opening: [
    "Hi, I can't log in to my account",
    "Hello! My order hasn't arrived yet",
    "Can I change the plan I'm on?",
    "I was charged twice this month",
    "Is there a way to export my data?",
    "The app crashes when I upload a photo",
  ],
  customer: [
    "Thanks, let me check",
    "It still doesn't work",
    "Order number is 48213",
    "Yes, that's the right email",
    "Okay, trying that now",
    "Perfect, that fixed it!",
  ],
  agent: [
    "Thanks for reaching out, let me look into it",
    "Could you confirm the email on the account?",
    "I've refreshed your session, please try again",
    "I've issued the refund, it takes 3–5 days",
    "One moment while I check with the team",
    "Anything else I can help with?",
  ],
} as const;

export function phrase(rng: Rng, kind: keyof typeof LINES): string {
  return rng.pick(LINES[kind]);
}
