import { type CallSession, type Party, partyJson } from "./call-model.ts";
import { presenceEvent, telephonyEvent, telephonyMatches } from "./filters.ts";
import { type ActiveCallView, presenceEventBody } from "./presence.ts";
import type { Chat, Extension, Post, Presence } from "./state.ts";
import type { Subscription } from "./subscriptions.ts";

/**
 * One platform event, rendered per subscription: the first of the subscription's filters that matches decides
 * the envelope `event` and the body's options (so one subscription gets one notification per event).
 */
export type Outgoing = { render(sub: Subscription): { event: string; body: unknown } | undefined };

const SERVER_ID = "10.13.22.28.TAM";

function cloneParty(party: Party): Party {
  return { ...party, from: { ...party.from }, to: { ...party.to } };
}

/**
 * A telephony-session notification carrying only the party that changed (doc §2.2). The party is copied now:
 * the session keeps changing after this event is queued.
 */
export function telephonyOutgoing(accountId: string, session: CallSession, party: Party, now: number): Outgoing {
  session.sequence += 1;
  const snapshot = cloneParty(party);
  const head = {
    sequence: session.sequence,
    sessionId: session.sessionId,
    telephonySessionId: session.id,
    serverId: SERVER_ID,
    eventTime: new Date(now).toISOString(),
  };
  return {
    render(sub) {
      for (const filter of sub.filters) {
        if (filter.kind !== "telephony" || !telephonyMatches(filter, snapshot)) continue;
        const withRecordings = filter.query.get("withRecordings") === "true";
        return {
          event: telephonyEvent(filter, accountId, snapshot),
          body: { ...head, parties: [partyJson(snapshot, accountId, withRecordings)], origin: { type: "Call" } },
        };
      }
      return undefined;
    },
  };
}

/** A presence notification; `dndChanged` also fires `…/presence/dnd` filters. */
export function presenceOutgoing(
  accountId: string,
  ext: Extension,
  presence: Presence,
  calls: ActiveCallView[],
  dndChanged: boolean,
): Outgoing {
  const presenceSnap = { ...presence };
  const callsSnap = calls.map((c) => ({ ...c, party: cloneParty(c.party) }));
  return {
    render(sub) {
      for (const filter of sub.filters) {
        const options = {
          detailed: filter.query.get("detailedTelephonyState") === "true",
          sipData: filter.query.get("sipData") === "true",
        };
        if (filter.kind === "presence" && filter.extensionId === ext.id) {
          return {
            event: presenceEvent(filter, ext.id),
            body: presenceEventBody(ext, presenceSnap, callsSnap, options),
          };
        }
        if (filter.kind === "account-presence") {
          // UNCONFIRMED event path for account-wide presence: the extension's presence path, like telephony.
          const query = filter.query.toString();
          return {
            event: `/restapi/v1.0/account/${accountId}/extension/${ext.id}/presence${query ? `?${query}` : ""}`,
            body: presenceEventBody(ext, presenceSnap, callsSnap, options),
          };
        }
        if (filter.kind === "dnd" && dndChanged && filter.extensionId === ext.id) {
          return {
            event: `/restapi/v1.0/account/${accountId}/extension/${ext.id}/presence/dnd`,
            body: { extensionId: ext.id, dndStatus: presenceSnap.dndStatus },
          };
        }
      }
      return undefined;
    },
  };
}

/** Team Messaging post event (doc §2.5), delivered to subscribers who are members of the chat. */
export function postOutgoing(post: Post, chat: Chat, eventType: "PostAdded" | "PostChanged"): Outgoing {
  const body = {
    id: post.id,
    groupId: chat.id,
    type: "TextMessage",
    text: post.text,
    creatorId: post.creatorId,
    addedPersonIds: null,
    creationTime: new Date(post.createdAt).toISOString(),
    lastModifiedTime: new Date(post.modifiedAt).toISOString(),
    attachments: post.attachments,
    activity: null,
    title: null,
    iconUri: null,
    iconEmoji: null,
    mentions: null,
    eventType,
  };
  const members = [...chat.memberIds];
  return {
    render(sub) {
      if (!members.includes(sub.ownerId)) return undefined;
      const filter = sub.filters.find((f) => f.kind === "posts");
      return filter ? { event: filter.resolved, body } : undefined;
    },
  };
}
