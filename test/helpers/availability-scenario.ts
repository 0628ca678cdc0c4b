import { expect } from "vitest";
import { post, type Snapshot, settle, snapshot } from "./sandbox-state.ts";

/**
 * The product's availability promise as one scenario, for Ada (LiveChat + Chatwoot + RingCentral ext 101), played
 * through the sandboxes and asserted on what each platform shows. Used by the single-process and the multi-process
 * end-to-end tests, so both prove exactly the same thing.
 */
export type SandboxUrls = { livechat: string; ringcentral: string; chatwoot: string };

export const ADA = { email: "ada@switchboard.demo", extension: "101" };
export const AVAILABLE: Snapshot = {
  livechat: "accepting_chats",
  ringcentral: "Available/TakeAllCalls",
  chatwoot: "online",
};
const AWAY: Snapshot = {
  livechat: "not_accepting_chats",
  ringcentral: "Busy/DoNotAcceptDepartmentCalls",
  chatwoot: "busy",
};

/** People talk for a while: a call that ends within milliseconds of starting is not a realistic scenario. */
export const talk = () => new Promise((r) => setTimeout(r, 1200));

export const adaNow = (urls: SandboxUrls) => snapshot(urls, ADA);
export const adaUntil = (urls: SandboxUrls, want: Snapshot) =>
  settle(
    () => adaNow(urls),
    (s) => Object.entries(want).every(([k, v]) => s[k as keyof Snapshot] === v),
  );

/** chat → phone busy; call → chats paused; chat ends mid-call → still paused; call ends → available everywhere. */
export async function walkTheDay(urls: SandboxUrls, hooks: { afterChat?: () => Promise<void> } = {}): Promise<void> {
  expect((await adaUntil(urls, AVAILABLE)).value).toEqual(AVAILABLE);
  const chat = await post(`${urls.livechat}/_sim/chats`, {
    agentId: ADA.email,
    customer: { name: "Jane Cooper", email: "jane.cooper@example.com", phone: "+14155550101" },
  });
  const afterChat = await adaUntil(urls, { ringcentral: "Busy/DoNotAcceptDepartmentCalls" });
  expect(afterChat.value).toEqual({ ...AVAILABLE, ringcentral: "Busy/DoNotAcceptDepartmentCalls" });
  await hooks.afterChat?.();

  const call = await post(`${urls.ringcentral}/_sim/calls`, {
    extensionId: ADA.extension,
    direction: "Inbound",
    from: "+14155550101",
    to: "+16505551001",
  });
  expect((await adaUntil(urls, { livechat: "not_accepting_chats", chatwoot: "busy" })).value).toEqual(AWAY);

  await talk();
  await post(`${urls.livechat}/_sim/chats/${String(chat.chatId)}/close`);
  const chatEnded = await adaUntil(urls, { ringcentral: "Available/TakeAllCalls" });
  expect(chatEnded.value).toEqual({
    livechat: "not_accepting_chats",
    ringcentral: "Available/TakeAllCalls",
    chatwoot: "busy",
  });

  await talk();
  await post(`${urls.ringcentral}/_sim/calls/${String(call.telephonySessionId)}/end`);
  expect((await adaUntil(urls, AVAILABLE)).value).toEqual(AVAILABLE);
}

/** Ada sets "not accepting" by hand in LiveChat; two calls later she is still away everywhere. */
export async function manualAwaySurvivesCalls(urls: SandboxUrls, idle: () => Promise<void>): Promise<void> {
  await talk();
  await post(`${urls.livechat}/_sim/agents/${ADA.email}/routing-status`, { status: "not_accepting_chats" });
  expect((await adaUntil(urls, AWAY)).value).toEqual(AWAY);
  for (let i = 0; i < 2; i++) {
    const call = await post(`${urls.ringcentral}/_sim/calls`, {
      extensionId: ADA.extension,
      direction: "Inbound",
      from: "+14155550102",
      to: "+16505551001",
    });
    await talk();
    await post(`${urls.ringcentral}/_sim/calls/${String(call.telephonySessionId)}/end`);
  }
  await idle();
  // Give the engine every chance to (wrongly) restore availability, then look.
  await settle(
    () => adaNow(urls),
    (s) => s.livechat === "accepting_chats",
    2000,
  );
  expect(await adaNow(urls)).toEqual(AWAY);
}

/** Ada chooses Available on her phone: every platform follows. */
export async function backToAvailable(urls: SandboxUrls): Promise<void> {
  await post(`${urls.ringcentral}/_sim/extensions/${ADA.extension}/presence`, {
    userStatus: "Available",
    dndStatus: "TakeAllCalls",
  });
  expect((await adaUntil(urls, AVAILABLE)).value).toEqual(AVAILABLE);
}
