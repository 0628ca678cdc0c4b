/**
 * The availability engine's public surface: pure functions, no I/O, no clock (times come in as ISO strings or
 * ms). One step of the job that wires it: applyEvent / applyObservation / setIntent → desired → reconcile →
 * persist commands (with their idempotency keys) → after each success, recordCommandResult.
 */
export { applyEvent } from "./apply.ts";
export type { CallUpdate } from "./calls.ts";
export { applyCallUpdate, endCallsBefore } from "./calls.ts";
export { canonicalState, sameState } from "./canonical.ts";
export type { AgentStatus, AgentSummary, AvailabilityFacts, CallPhase } from "./capacity.ts";
export { acceptsChats, availabilityFacts, callPhase, load, summarize } from "./capacity.ts";
export type { ChatRef } from "./chats.ts";
export { endChat, startChat } from "./chats.ts";
export { desired } from "./desired.ts";
export type { EchoOptions } from "./echo.ts";
export { DEFAULT_CLOCK_SKEW_MS, DEFAULT_ECHO_WINDOW_MS, isEcho } from "./echo.ts";
export type { ObservedCall, ObservedEngagements } from "./engagement-repair.ts";
export { repairEngagements } from "./engagement-repair.ts";
export type { AvailabilitySnapshot, AvailabilityTransition, EngagementRef } from "./history.ts";
export { availabilityTransitions } from "./history.ts";
export { intentFromObserved, setIntent } from "./intent.ts";
export { REPLAY_HORIZON_MS } from "./intent-walk.ts";
export { OBSERVATION_LOG_LIMIT, recordCommandResult } from "./observations.ts";
export { applyObservation } from "./observe.ts";
export { DEFAULT_CAPACITY, DEFAULT_COSTS, DEFAULT_INTENT, DEFAULT_POLICY, EPOCH, initialAgentState } from "./policy.ts";
export type { ReconcileInput } from "./reconcile.ts";
export { commandKey, issued, reconcile } from "./reconcile.ts";
export { canonicalDesired, satisfies } from "./satisfies.ts";
export {
  actualsSchema,
  agentStateSchema,
  commandSpecSchema,
  intentSchema,
  issuedCommandSchema,
  policySchema,
  resolvePolicy,
} from "./schemas.ts";
export { pruneTombstones } from "./tombstones.ts";
export type * from "./types.ts";
