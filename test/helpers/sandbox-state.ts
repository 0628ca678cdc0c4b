/** Reads what each sandbox shows for a demo agent, the way a person looking at that platform would see it. */
export type Snapshot = { livechat?: string; ringcentral?: string; chatwoot?: string };

const json = async <T>(url: string, init?: RequestInit): Promise<T> => (await (await fetch(url, init)).json()) as T;

export async function snapshot(
  urls: { livechat: string; ringcentral: string; chatwoot: string },
  agent: { email: string; extension: string },
): Promise<Snapshot> {
  const lc = await json<Array<{ id: string; routingStatus: string }>>(`${urls.livechat}/_sim/agents`);
  const rc = await json<Array<{ extensionNumber: string; presence: { userStatus: string; dndStatus: string } }>>(
    `${urls.ringcentral}/_sim/extensions`,
  );
  const cw = await json<Array<{ email: string; availability: string }>>(`${urls.chatwoot}/_sim/agents`);
  const ext = rc.find((e) => e.extensionNumber === agent.extension);
  return {
    livechat: lc.find((a) => a.id === agent.email)?.routingStatus,
    ringcentral: ext ? `${ext.presence.userStatus}/${ext.presence.dndStatus}` : undefined,
    chatwoot: cw.find((a) => a.email === agent.email)?.availability,
  };
}

/** Polls until `accept` holds (or 20 s pass: CI runs many hubs at once on two cores) and returns the last snapshot: the test asserts on it. */
export async function settle<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  let value = await read();
  while (!accept(value) && Date.now() - started < timeoutMs) {
    await new Promise((r) => setTimeout(r, 50));
    value = await read();
  }
  return { value, ms: Date.now() - started };
}

export const post = (url: string, body: unknown = {}) =>
  json<Record<string, unknown>>(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
