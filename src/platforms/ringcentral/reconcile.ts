import type { Reading, ReconcileReads } from "../connection-types.ts";
import type { RingcentralClients } from "./config.ts";

/** Each agent extension's presence with its active calls, one extension at a time. */
export const ringcentralReconcile: ReconcileReads<RingcentralClients> = {
  everyTick: false,
  async read({ client: rc }, { externalIds, at }) {
    const out = new Map<string, Reading>();
    for (const externalId of await externalIds()) {
      const p = await rc.getPresence(externalId, { detailedTelephonyState: true });
      if (!p.ok) continue;
      const calls = (p.value.activeCalls ?? []).flatMap((c) =>
        c.telephonySessionId
          ? [
              {
                telephonySessionId: c.telephonySessionId,
                partyId: typeof c.partyId === "string" ? c.partyId : undefined,
                telephonyStatus: typeof c.telephonyStatus === "string" ? (c.telephonyStatus as "Ringing") : undefined,
              },
            ]
          : [],
      );
      out.set(externalId, {
        observation: {
          platform: "ringcentral",
          state: {
            userStatus: p.value.userStatus,
            dndStatus: p.value.dndStatus === "Unknown" ? undefined : p.value.dndStatus,
          },
          at,
          source: "poll",
        },
        engagements: { activeCalls: calls, readAt: at },
      });
    }
    return out;
  },
};
