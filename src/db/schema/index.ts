export * from "./agents.ts";
export * from "./audit-log.ts";
export * from "./commands.ts";
export * from "./connections.ts";
export * from "./conversations.ts";
export * from "./webhook-events.ts";
export * from "./workspaces.ts";
