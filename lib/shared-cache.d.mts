export function sharedCacheKeyPrefix(where: { buildId: string | undefined; databaseUrl?: string; pgliteDir?: string }): string;
export function isKeptInSharedCache(value: unknown): boolean;
export type SharedRedisClient = { isReady: boolean; isOpen: boolean; ping: () => Promise<string> };
export function sharedRedisClient(url?: string): SharedRedisClient;
export function closeSharedRedisClient(): Promise<void>;
