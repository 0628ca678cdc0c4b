import type { PlatformId } from "../platform.ts";
import { canonicalState } from "./canonical.ts";
import type { Desired, ObservedStates, PlatformTargets } from "./types.ts";

/**
 * Does what the platform shows already meet the target? Equality, except that a LiveChat agent who is
 * offline (logged out) is certainly not accepting chats, and cannot be set offline by us anyway.
 * An unknown state never satisfies: a full target-state command is always safe to send.
 */
export function satisfies<P extends PlatformId>(
  platform: P,
  actual: ObservedStates[P] | undefined,
  target: PlatformTargets[P],
): boolean {
  if (actual === undefined) return false;
  if (platform === "livechat") {
    const routing = (actual as ObservedStates["livechat"]).routingStatus;
    const wanted = (target as PlatformTargets["livechat"]).routingStatus;
    return routing === wanted || (wanted === "not_accepting_chats" && routing === "offline");
  }
  return canonicalState(actual) === canonicalState(target);
}

/** One line per platform, stable: store it to notice when desired() changed (and bump the revision). */
export function canonicalDesired(desired: Desired): string {
  const parts: string[] = [];
  if (desired.livechat) parts.push(`livechat{${canonicalState(desired.livechat)}}`);
  if (desired.chatwoot) parts.push(`chatwoot{${canonicalState(desired.chatwoot)}}`);
  if (desired.ringcentral) parts.push(`ringcentral{${canonicalState(desired.ringcentral)}}`);
  return parts.join(";");
}
