import { z } from "zod";
import { apiKeySchema } from "../auth/api-keys.ts";
import { userSchema } from "../auth/users.ts";

export { apiKeySchema } from "../auth/api-keys.ts";
export { type UserDto, userSchema } from "../auth/users.ts";

/** The body of login, refresh and password change. */
export const sessionSchema = z.object({
  accessToken: z.string(),
  tokenType: z.literal("Bearer"),
  /** Seconds; renew with POST /api/auth/refresh (the refresh token travels in an httpOnly cookie). */
  expiresIn: z.number(),
  user: userSchema,
});
export type SessionDto = z.infer<typeof sessionSchema>;

/** GET /api/auth/me. */
export const meSchema = z.object({
  actor: z.string(),
  workspaceId: z.string(),
  role: z.enum(["admin", "supervisor", "agent"]),
  via: z.enum(["admin-key", "session", "api-key"]).nullable(),
  user: userSchema.nullable(),
});
export type MeDto = z.infer<typeof meSchema>;

/** POST /api/users: the generated password is shown this once (null when one was given). */
export const createdUserSchema = z.object({ user: userSchema, password: z.string().nullable() });
/** GET /api/users. */
export const userListSchema = z.object({ items: z.array(userSchema) });

/** POST /api/api-keys: the secret is shown this once. */
export const createdApiKeySchema = z.object({ apiKey: apiKeySchema, key: z.string() });
/** GET /api/api-keys. */
export const apiKeyListSchema = z.object({ items: z.array(apiKeySchema) });
