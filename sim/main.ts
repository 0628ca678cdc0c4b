/**
 * `npm run sandbox`: the LiveChat, RingCentral, Chatwoot and LLM sandboxes on 127.0.0.1:4101/4102/4103/4104 (ports
 * from SIM_LIVECHAT_PORT, SIM_RINGCENTRAL_PORT, SIM_CHATWOOT_PORT, SIM_LLM_PORT), each seeded with the demo team. Prints the demo
 * credentials. Ctrl-C stops them.
 */
import { startSandboxes } from "./start.ts";

const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const sandboxes = await startSandboxes({
  host: process.env.SIM_HOST ?? "127.0.0.1",
  ports: {
    livechat: port("SIM_LIVECHAT_PORT", 4101),
    ringcentral: port("SIM_RINGCENTRAL_PORT", 4102),
    chatwoot: port("SIM_CHATWOOT_PORT", 4103),
    llm: port("SIM_LLM_PORT", 4104),
  },
  env: process.env,
});

for (const name of ["livechat", "ringcentral", "chatwoot", "llm"] as const) {
  const { url } = sandboxes[name];
  const credentials = (await (await fetch(`${url}/_sim/credentials`)).json()) as Record<string, unknown>;
  const { users, ...rest } = credentials;
  console.log(`\n${name} sandbox: ${url}`);
  console.log(JSON.stringify(rest, null, 2));
  if (Array.isArray(users)) console.log(`  + ${users.length} demo users with JWTs (GET ${url}/_sim/credentials)`);
}
console.log(
  "\nControl API: /_sim/reset, /_sim/requests, /_sim/faults, scenario actions — see sim/README.md. Ctrl-C stops.",
);

const stop = async () => {
  await sandboxes.close();
  process.exit(0);
};
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
