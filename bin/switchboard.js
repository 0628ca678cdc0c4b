#!/usr/bin/env node
// The `switchboard` command. Node >= 22.18 runs TypeScript directly (type stripping), so there is no build step.
import "../src/main.ts";
