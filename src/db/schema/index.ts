export * from "./audit-log.ts";
export * from "./commands.ts";
export * from "./connections.ts";
export * from "./webhook-events.ts";
export * from "./workspaces.ts";
