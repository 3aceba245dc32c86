// Next's cache handler when REDIS_URL is set (next.config.ts): pages, data and tag expirations in Redis, shared by
// every instance, so an approval's updateTag on one is seen by all. No local copy and no fallback: while Redis is
// unreachable pages are rendered afresh and /api/health/ready answers 503 (lib/readiness.ts).
import { CacheHandler } from "@fortedigital/nextjs-cache-handler";
import createRedisHandler from "@fortedigital/nextjs-cache-handler/redis-strings";
import { isKeptInSharedCache, sharedCacheKeyPrefix, sharedRedisClient } from "./lib/shared-cache.mjs";

CacheHandler.onCreation(({ buildId }) => {
  // `next build` prerenders no database page (DESIGN §5) and needs no Redis: nothing is stored during it.
  if (process.env.NEXT_PHASE === "phase-production-build") return { handlers: [] };
  const redis = createRedisHandler({
    client: sharedRedisClient(),
    keyPrefix: sharedCacheKeyPrefix({ buildId, databaseUrl: process.env.DATABASE_URL, pgliteDir: process.env.PGLITE_DIR }),
    timeoutMs: 2000,
    keyExpirationStrategy: "EXAT",
  });
  return {
    handlers: [
      {
        ...redis,
        name: "attune-redis",
        async set(key, entry, ctx) {
          if (!isKeptInSharedCache(entry?.value)) return;
          return redis.set(key, entry, ctx);
        },
        async revalidateTag(tag) {
          try {
            await redis.revalidateTag(tag);
          } catch (error) {
            // The library swallows this; say it loudly, since the tag's pages stay stale until their lifetime ends.
            console.error(`Shared page cache: revalidating tag ${tag} failed (${error?.message ?? error}); its pages may be stale until they expire.`);
            throw error;
          }
        },
      },
    ],
  };
});

export default CacheHandler;
