import type { z } from "zod";
import type { MapOutcome } from "../../domain/events.ts";
import type { Result } from "../../lib/result.ts";
import { err, ok } from "../../lib/result.ts";
import type { Headers, MapError } from "../types.ts";
import { classifyEvent, eventLabel } from "./event-filter.ts";
import { mapTelephony } from "./map-telephony.ts";
import type { Envelope } from "./webhook-schema.ts";
import { envelopeSchema, presenceBodySchema, telephonyBodySchema } from "./webhook-schema.ts";

const schemaError = (what: string, error: z.ZodError): MapError => ({
  message: `RingCentral ${what} does not match the expected schema`,
  issues: error.issues,
});

function mapPresence(
  envelope: Envelope,
  body: unknown,
  path: { extensionId?: string },
  receivedAt: string,
): Result<MapOutcome, MapError> {
  const parsed = presenceBodySchema.safeParse(body);
  if (!parsed.success) return err(schemaError("presence body", parsed.error));
  const presence = parsed.data;
  const extensionId = presence.extensionId ?? path.extensionId;
  if (extensionId === undefined) {
    return err({
      message: "RingCentral presence event names no extension",
      issues: [{ path: ["body", "extensionId"] }],
    });
  }
  return ok({
    kind: "event",
    event: {
      type: "presence.changed",
      platform: "ringcentral",
      extensionId,
      userStatus: presence.userStatus,
      // `Unknown` says nothing about the agent's intent, so it is reported as absent.
      dndStatus: presence.dndStatus === "Unknown" ? undefined : presence.dndStatus,
      presenceStatus: presence.presenceStatus,
      telephonyStatus: presence.telephonyStatus,
      sequence: presence.sequence,
      at: envelope.timestamp ?? receivedAt,
    },
  });
}

/** Parses a stored RingCentral notification and turns it into one DomainEvent, or `ignored` with a reason. */
export function map(body: unknown, meta: { receivedAt: string; headers: Headers }): Result<MapOutcome, MapError> {
  const envelope = envelopeSchema.safeParse(body);
  if (!envelope.success) return err(schemaError("notification envelope", envelope.error));
  const kind = classifyEvent(envelope.data.event);
  switch (kind.kind) {
    case "telephony": {
      const parsed = telephonyBodySchema.safeParse(envelope.data.body);
      if (!parsed.success) return err(schemaError("telephony session body", parsed.error));
      return ok(mapTelephony(envelope.data, parsed.data, kind, meta.receivedAt));
    }
    case "presence":
    case "presence_dnd":
      return mapPresence(envelope.data, envelope.data.body, kind, meta.receivedAt);
    case "ignored":
      return ok({ kind: "ignored", reason: kind.reason });
  }
}

/** The notification's event filter in short (`telephony/sessions`, `presence`), whatever the hub made of it. */
export function eventName(body: unknown): string | null {
  const envelope = envelopeSchema.safeParse(body);
  return envelope.success ? eventLabel(envelope.data.event) : null;
}
