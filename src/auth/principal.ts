export type Role = "admin" | "supervisor" | "agent";

/** Who is calling, in which workspace, with which role. Every API handler reads `req.principal`. */
export type Principal = {
  actor: string;
  workspaceId: string;
  role: Role;
  /** How they proved it. */
  via?: "admin-key" | "session" | "api-key";
  /** Set for people (sessions). */
  userId?: string;
};

const RANK: Record<Role, number> = { agent: 1, supervisor: 2, admin: 3 };

export const hasRole = (principal: Principal, role: Role): boolean => RANK[principal.role] >= RANK[role];
