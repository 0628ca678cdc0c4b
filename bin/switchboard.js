#!/usr/bin/env node
// The `switchboard` command. Node >= 22.18 runs TypeScript directly (type stripping), so there is no build step.
// `npm ci` installs Node 24 into node_modules (the `node` dev dependency); `npx switchboard` and the npm scripts put
// it first on PATH. Started with an older Node (e.g. the system's Node 20 directly), say so instead of failing on
// the first `.ts` import.
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(
    `switchboard needs Node.js >= 22.18 to run; this is ${process.version}.\n` +
      "Run it as `npx switchboard …` (or `npm run switchboard -- …`) in the project folder after `npm ci`:\n" +
      "both use the Node 24 that npm ci installed into node_modules.",
  );
  process.exit(1);
}
await import("../src/main.ts");
