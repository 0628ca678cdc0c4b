import { z } from "zod";

/** The parts of `GET /api/agents` the board shows (the API's own schema lives in src/api/contracts.ts). */
const boardSchema = z.object({
  items: z.array(
    z.object({
      name: z.string(),
      status: z.string(),
      load: z.number(),
      capacity: z.number(),
      engagements: z.array(z.object({ kind: z.string() })),
      platforms: z.array(
        z.object({
          platform: z.string(),
          actual: z.record(z.string(), z.string()).nullable(),
          inSync: z.boolean(),
        }),
      ),
    }),
  ),
});
export type Board = z.infer<typeof boardSchema>;

export async function fetchBoard(hubUrl: string, adminKey: string): Promise<Board> {
  const res = await fetch(`${hubUrl}/api/agents`, {
    headers: { authorization: `Bearer ${adminKey}` },
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`GET /api/agents → ${res.status}`);
  return boardSchema.parse(await res.json());
}

const DND: Record<string, string> = {
  TakeAllCalls: "all calls",
  DoNotAcceptDepartmentCalls: "no queue",
  TakeDepartmentCallsOnly: "queue only",
  DoNotAcceptAnyCalls: "DND",
};

function shown(platform: string, actual: Record<string, string> | null): string {
  if (!actual) return "?";
  if (platform === "livechat") return LIVECHAT[actual.routingStatus ?? ""] ?? actual.routingStatus ?? "?";
  if (platform === "chatwoot") return actual.availability ?? "?";
  const dnd = actual.dndStatus ? (DND[actual.dndStatus] ?? actual.dndStatus) : "?";
  return `${actual.userStatus ?? "?"}/${dnd}`;
}

const LIVECHAT: Record<string, string> = {
  accepting_chats: "accepting",
  not_accepting_chats: "not accepting",
  offline: "offline",
};

const SHORT: Record<string, string> = { livechat: "LC", ringcentral: "RC", chatwoot: "CW" };

/** A compact board: one line per agent, what each platform shows, and ✓/✗ for in sync with the hub's target. */
export function formatBoard(board: Board): string {
  const lines = board.items.map((a) => {
    const calls = a.engagements.filter((e) => e.kind === "call").length;
    const chats = a.engagements.length - calls;
    const work = `${chats} chat${chats === 1 ? "" : "s"}${calls > 0 ? ` + ${calls} call` : ""}`;
    const platforms = ["livechat", "ringcentral", "chatwoot"].map((p) => {
      const row = a.platforms.find((x) => x.platform === p);
      return `${SHORT[p]} ${row ? `${shown(p, row.actual)} ${row.inSync ? "✓" : "✗"}` : "-"}`.padEnd(26);
    });
    return `  ${a.name.padEnd(18)}${a.status.padEnd(16)}${work.padEnd(18)}${platforms.join("")}`.trimEnd();
  });
  const synced = board.items.flatMap((a) => a.platforms).filter((p) => p.inSync).length;
  const pairs = board.items.flatMap((a) => a.platforms).length;
  return [`  ── board: ${synced}/${pairs} agent×platform pairs in sync with the hub's targets ──`, ...lines].join("\n");
}
