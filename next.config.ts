import { createRequire } from "node:module";
import type { NextConfig } from "next";
import { PHASE_DEVELOPMENT_SERVER } from "next/constants";
import { DEV_ACTIONS_KEY } from "./lib/env";

// Public pages: the edge cache (deploy/nginx.conf) may keep them for 1 s, then serve them stale for at most 1 s more
// while one request refreshes them (so no reader gets a page more than ~2 s old); browsers revalidate.
const publicPaths = [
  "/",
  "/wiki/:path*",
  "/browse/:path*",
  "/category/:path*",
  "/about",
  "/privacy",
  "/licence",
  "/help",
  "/help/:path*",
  "/newsletter",
  "/newsletter/archive/:path*",
  "/developers",
  "/dumps",
];

// With REDIS_URL (read when `next start` loads this file), every instance keeps pages, data and tag expirations in
// Redis and no private copy (DESIGN §8). Unset, Next's own in-memory cache of one instance.
const sharedCache: NextConfig = process.env.REDIS_URL?.trim()
  ? { cacheHandler: createRequire(import.meta.url).resolve("./cache-handler.mjs"), cacheMaxMemorySize: 0 }
  : {};

// One id for every instance of a deployment (build id, asset URLs); it must be new for each build. Unset, each build makes its own.
const deploymentId = process.env.DEPLOYMENT_ID?.trim() || undefined;

// Security headers (Content-Security-Policy and the rest) are set at runtime by lib/security-headers.ts.
export default function nextConfig(phase: string): NextConfig {
  // `next dev` gets a fixed key so nothing extra is needed; a production build without one generates its own (lib/env.ts).
  if (phase === PHASE_DEVELOPMENT_SERVER) process.env.NEXT_SERVER_ACTIONS_ENCRYPTION_KEY ||= DEV_ACTIONS_KEY;
  return {
    ...(deploymentId ? { deploymentId, generateBuildId: async () => deploymentId } : {}),
    ...sharedCache,
    // PGlite ships WebAssembly and data files that must be loaded from node_modules, not bundled.
    serverExternalPackages: ["@electric-sql/pglite"],
    poweredByHeader: false,
    typedRoutes: false,
    experimental: {
      // Without Redis: rendered pages and data stay in memory only, in Next's LRU (cacheMaxMemorySize, 50 MB by default): a flood of
      // requests for missing articles cannot fill the disk one file per slug, and `npm start` began empty anyway.
      isrFlushToDisk: false,
      // A person's text above MAX_SOURCE_KB gets the field's own message, not the framework's 1 MB refusal.
      serverActions: { bodySizeLimit: "4mb" },
    },
    async rewrites() {
      return [{ source: "/", destination: "/home/index" }];
    },
    async headers() {
      return [
        ...publicPaths.map((source) => ({ source, headers: [{ key: "Cache-Control", value: "public, max-age=0, s-maxage=1, stale-while-revalidate=1" }] })),
      ];
    },
  };
}
