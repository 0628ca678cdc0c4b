export const PLATFORMS = ["livechat", "ringcentral", "chatwoot"] as const;
export type PlatformId = (typeof PLATFORMS)[number];

export const isPlatformId = (value: string): value is PlatformId => (PLATFORMS as readonly string[]).includes(value);
