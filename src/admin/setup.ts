import { z } from "zod";
import { IVR_ACTIONS, IVR_INPUTS, type WeeklyRanges, weeklyRangesSchema } from "./schemas.ts";

/**
 * The call-center setup as a file (JSON or YAML): queues with members and overflow, IVR menus, company business
 * hours and number assignments. Everything refers to extensions by extension number, so a file reads the same on
 * any account. What the file lists is managed; what it omits is left alone (nothing is deleted).
 */
const extensionNumber = z.string().regex(/^\d{3,8}$/, "an extension number (3 to 8 digits)");

export const setupQueueSchema = z.object({
  extensionNumber,
  name: z.string().min(1).max(64),
  /** Members' extension numbers: exactly these take the queue's calls after apply. */
  members: z.array(extensionNumber).max(1000),
  overflow: z.object({ enabled: z.boolean(), queues: z.array(extensionNumber).max(50) }).optional(),
});

export const setupIvrSchema = z.object({
  extensionNumber,
  name: z.string().min(1).max(64),
  promptRepeatCount: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
  prompt: z.object({ mode: z.literal("TextToSpeech"), text: z.string().max(1000) }).optional(),
  actions: z
    .array(
      z.object({
        input: z.enum(IVR_INPUTS),
        action: z.enum(IVR_ACTIONS),
        /** The target's extension number (queue, user or menu). */
        extension: extensionNumber.optional(),
        phoneNumber: z.string().max(32).optional(),
      }),
    )
    .max(IVR_INPUTS.length),
});

export const setupNumberSchema = z.object({
  phoneNumber: z.string().regex(/^\+[1-9]\d{1,14}$/, "E.164"),
  /** The extension it rings, or null for a company number. */
  extension: extensionNumber.nullable(),
});

export const setupSchema = z.object({
  queues: z.array(setupQueueSchema).max(500).default([]),
  ivrMenus: z.array(setupIvrSchema).max(200).default([]),
  businessHours: weeklyRangesSchema.optional(),
  phoneNumbers: z.array(setupNumberSchema).max(5000).default([]),
});

export type Setup = z.infer<typeof setupSchema>;
export type SetupQueue = z.infer<typeof setupQueueSchema>;
export type SetupIvr = z.infer<typeof setupIvrSchema>;

/** The live account, normalised for planning (ids as strings). */
export type LiveQueue = {
  id: string;
  extensionNumber: string;
  name: string;
  memberIds: string[];
  overflow: { enabled: boolean; queueIds: string[] };
};
export type LiveIvr = {
  id: string;
  extensionNumber: string;
  name: string;
  promptRepeatCount: number;
  prompt: { mode: string; text?: string };
  actions: { input: string; action: string; extensionId?: string; phoneNumber?: string }[];
};
export type LiveNumber = { id: string; phoneNumber: string; usageType: string; extensionId?: string };
export type LiveAccount = {
  /** Every extension (users, queues, menus): number → id. */
  idByNumber: Record<string, string>;
  queues: LiveQueue[];
  ivrMenus: LiveIvr[];
  businessHours: WeeklyRanges;
  numbers: LiveNumber[];
};

/** Validates parsed JSON/YAML; the issues name the field (`queues.0.members.2: …`). */
export function parseSetup(value: unknown): { ok: true; setup: Setup } | { ok: false; issues: string[] } {
  const parsed = setupSchema.safeParse(value ?? {});
  if (parsed.success) return { ok: true, setup: parsed.data };
  return { ok: false, issues: parsed.error.issues.map((i) => `${i.path.join(".") || "(file)"}: ${i.message}`) };
}

/** Which queues' overflow settings a plan must read (a Heavy request each): those the file sets. */
export function overflowNeeded(setup: Setup): (extensionNumber: string) => boolean {
  const wanted = new Set(setup.queues.filter((q) => q.overflow).map((q) => q.extensionNumber));
  return (n) => wanted.has(n);
}
