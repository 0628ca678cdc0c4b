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

export const DEMO_AGENTS: DemoAgent[] = NAMES.map((name, i) => ({
  index: i,
  name,
  email: `${name.split(" ")[0]?.toLowerCase()}@switchboard.demo`,
  extensionNumber: String(101 + i),
  phone: `+1650555${String(1001 + i).padStart(4, "0")}`,
}));

export type DemoCustomer = { name: string; email: string; phone: string };

export const DEMO_CUSTOMERS: DemoCustomer[] = [
  { name: "Jane Cooper", email: "jane.cooper@example.com", phone: "+14155550101" },
  { name: "Wade Warren", email: "wade.warren@example.com", phone: "+14155550102" },
  { name: "Esther Howard", email: "esther.howard@example.com", phone: "+14155550103" },
  { name: "Cameron Williamson", email: "cameron.w@example.com", phone: "+14155550104" },
];
