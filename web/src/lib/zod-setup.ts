import { z } from "zod";

// Imported first by main.tsx, before any schema exists: the hub's Content-Security-Policy forbids eval, and
// without this zod probes `new Function` to decide whether to compile parsers, which logs a CSP violation.
z.config({ jitless: true });
