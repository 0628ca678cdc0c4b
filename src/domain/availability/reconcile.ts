import { PLATFORMS, type PlatformId } from "../platform.ts";
import { canonicalState, shortHash } from "./canonical.ts";
import { satisfies } from "./satisfies.ts";
import type { ActualState, Actuals, CommandSpec, Desired, IssuedCommand, ObservedStates } from "./types.ts";

export type ReconcileInput = {
  agentId: string;
  desired: Desired;
  actual: Actuals;
  /** Bumped by the caller whenever desired() changes, so a target wanted again later gets a fresh key. */
  revision: number;
  /**
   * The target of the latest write still on its way to each platform (waiting, being sent, or waiting for a
   * retry). The platform will show it once it lands, so the desired state is compared with it, not with the last
   * state seen: a call that wants "not accepting" while a start-up "accepting" write is in flight must write
   * "not accepting" again at once, even though the platform still shows it.
   */
  pending?: Desired;
};

/**
 * The idempotency key names the decision: who, which platform, which full target, which revision, and the
 * actual state the decision was based on. Re-running reconcile on the same inputs (a retry, a duplicate job)
 * yields the same key, so the command table dedupes it; drift seen later (a new actual observation) is a new
 * decision with a new key even when desired() did not change, so a drift repair is never swallowed as a
 * duplicate of the command that first set the target.
 */
export function commandKey(
  agentId: string,
  platform: PlatformId,
  target: Record<string, string>,
  revision: number,
  basis: ActualState<ObservedStates[PlatformId]> | undefined,
): string {
  const basisText = basis ? `${canonicalState(basis.state)}@${basis.at}` : "unknown";
  return `availability:${agentId}:${platform}:${canonicalState(target)}:r${revision}:${shortHash(basisText)}`;
}

/**
 * Target-state commands for every platform whose last known state does not already satisfy the target.
 * Commands carry the whole target (never "toggle"), so duplicates and reordering are harmless.
 */
export function reconcile(input: ReconcileInput): CommandSpec[] {
  const { agentId, desired, revision } = input;
  const actual = expected(input.actual, input.pending ?? {});
  const out: CommandSpec[] = [];
  for (const platform of PLATFORMS) {
    switch (platform) {
      case "livechat": {
        const target = desired.livechat;
        if (target && !satisfies("livechat", actual.livechat?.state, target)) {
          const idempotencyKey = commandKey(agentId, platform, target, revision, actual.livechat);
          out.push({ platform, kind: "livechat.set_routing_status", target: { ...target }, idempotencyKey });
        }
        break;
      }
      case "chatwoot": {
        const target = desired.chatwoot;
        if (target && !satisfies("chatwoot", actual.chatwoot?.state, target)) {
          const idempotencyKey = commandKey(agentId, platform, target, revision, actual.chatwoot);
          out.push({ platform, kind: "chatwoot.set_availability", target: { ...target }, idempotencyKey });
        }
        break;
      }
      case "ringcentral": {
        const target = desired.ringcentral;
        if (target && !satisfies("ringcentral", actual.ringcentral?.state, target)) {
          const idempotencyKey = commandKey(agentId, platform, target, revision, actual.ringcentral);
          out.push({ platform, kind: "ringcentral.set_presence", target: { ...target }, idempotencyKey });
        }
        break;
      }
      default:
        platform satisfies never;
    }
  }
  return out;
}

/** What each platform will show once the writes on their way land: their targets over the states last seen. */
function expected(actual: Actuals, pending: Desired): Actuals {
  const next: Actuals = { ...actual };
  const basis = (at: string | undefined) => ({ at: `pending@${at ?? "unknown"}`, source: "command" as const });
  if (pending.livechat) next.livechat = { state: { ...pending.livechat }, ...basis(actual.livechat?.at) };
  if (pending.chatwoot) next.chatwoot = { state: { ...pending.chatwoot }, ...basis(actual.chatwoot?.at) };
  if (pending.ringcentral) next.ringcentral = { state: { ...pending.ringcentral }, ...basis(actual.ringcentral?.at) };
  return next;
}

/** The shape the echo guard needs, from a command row being sent now (or created, while it waits). */
export function issued(command: CommandSpec, issuedAtMs: number): IssuedCommand {
  switch (command.platform) {
    case "livechat":
      return { platform: command.platform, target: command.target, issuedAtMs };
    case "chatwoot":
      return { platform: command.platform, target: command.target, issuedAtMs };
    case "ringcentral":
      return { platform: command.platform, target: command.target, issuedAtMs };
  }
}
