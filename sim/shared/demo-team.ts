/** The demo team every sandbox is seeded with: the same people (same emails) on all three platforms. */
export type DemoAgent = {
  index: number;
  name: string;
  email: string;
  /** RingCentral extension number, 101–108. */
  extensionNumber: string;
  /** Direct phone number (E.164). */
  phone: string;
};

const NAMES = [
  "Ada Lovelace",
  "Grace Hopper",
  "Alan Turing",
  "Katherine Johnson",
  "Linus Pauling",
  "Margaret Hamilton",
  "Dennis Ritchie",
  "Barbara Liskov",
];

/**
 * The team's size: the 8 named people, or more for load benchmarks (bench/day.ts) through SIM_TEAM_SIZE, read
 * here so every sandbox and the day driver agree (1–2000). Extra people are "Agent 009" … with their own emails.
 */
const TEAM_SIZE = Math.max(1, Math.min(2000, Number(process.env.SIM_TEAM_SIZE) || NAMES.length));

export const DEMO_AGENTS: DemoAgent[] = Array.from({ length: TEAM_SIZE }, (_, i) => {
  const name = NAMES[i] ?? `Agent ${String(i + 1).padStart(3, "0")}`;
  return {
    index: i,
    name,
    email:
      i < NAMES.length ? `${name.split(" ")[0]?.toLowerCase()}@switchboard.demo` : `agent${i + 1}@switchboard.demo`,
    extensionNumber: String(101 + i),
    phone: `+1650555${String(1001 + i).padStart(4, "0")}`,
  };
});

export type DemoCustomer = { name: string; email: string; phone: string };

export const DEMO_CUSTOMERS: DemoCustomer[] = [
  { name: "Jane Cooper", email: "jane.cooper@example.com", phone: "+14155550101" },
  { name: "Wade Warren", email: "wade.warren@example.com", phone: "+14155550102" },
  { name: "Esther Howard", email: "esther.howard@example.com", phone: "+14155550103" },
  { name: "Cameron Williamson", email: "cameron.w@example.com", phone: "+14155550104" },
];
