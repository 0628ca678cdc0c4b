import { and, eq, isNull } from "drizzle-orm";
import { connections } from "../db/schema/index.ts";
import type { Deps } from "../deps.ts";
import type { RingcentralClient } from "../platforms/ringcentral/client.ts";
import { openAiSttProvider } from "./openai-stt.ts";
import { pocketsphinxProvider } from "./pocketsphinx.ts";
import type { Availability, SttProvider } from "./providers.ts";
import { ringcentralSttProvider } from "./ringcentral-stt.ts";

export async function rcClientFor(deps: Deps, connectionId: string): Promise<RingcentralClient | undefined> {
  const [row] = await deps.database.db.select().from(connections).where(eq(connections.id, connectionId));
  return row && !row.deletedAt ? deps.clients.ringcentral(row).client : undefined;
}

/** Where RingCentral AI POSTs job results (required by the API); the pipeline reads results by polling the job. */
export const aiCallbackUrl = (deps: Deps) =>
  `${(deps.config.PUBLIC_URL ?? `http://${deps.config.HOST}:${deps.config.PORT}`).replace(/\/$/, "")}/api/voice/ringcentral-ai-callback`;

/** Every speech-to-text provider the hub knows, in the order `auto` prefers them. */
export function sttProviders(deps: Deps): SttProvider[] {
  const hasRc = async () => {
    const rows = await deps.database.db
      .select({ id: connections.id })
      .from(connections)
      .where(and(eq(connections.platform, "ringcentral"), isNull(connections.deletedAt)))
      .limit(1);
    return rows.length > 0;
  };
  return [
    pocketsphinxProvider(),
    ringcentralSttProvider((id) => rcClientFor(deps, id), hasRc, aiCallbackUrl(deps)),
    openAiSttProvider({
      url: deps.config.VOICE_OPENAI_URL,
      apiKey: deps.config.VOICE_OPENAI_KEY,
      model: deps.config.VOICE_OPENAI_MODEL,
    }),
  ];
}

export type ProviderStatus = { name: SttProvider["name"]; selected: boolean } & Availability;

/** Which providers are usable now, and which one the pipeline uses (VOICE_STT_PROVIDER, `auto` = first available). */
export async function providerStatus(deps: Deps): Promise<{ selected: string | null; providers: ProviderStatus[] }> {
  const all = sttProviders(deps);
  const states = await Promise.all(all.map(async (p) => ({ p, a: await p.availability() })));
  const wanted = deps.config.VOICE_STT_PROVIDER;
  const chosen =
    wanted === "off"
      ? undefined
      : wanted === "auto"
        ? states.find((s) => s.a.available)?.p
        : states.find((s) => s.p.name === wanted)?.p;
  return {
    selected: chosen?.name ?? null,
    providers: states.map((s) => ({ name: s.p.name, selected: s.p === chosen, ...s.a })),
  };
}

export async function selectedProvider(deps: Deps): Promise<SttProvider | undefined> {
  const status = await providerStatus(deps);
  return sttProviders(deps).find((p) => p.name === status.selected);
}
