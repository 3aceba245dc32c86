import type { NextConfig } from "next";

// Public pages: the edge cache (deploy/nginx.conf) may keep them for 1 s, then serve them stale for at most 1 s more
// while one request refreshes them (so no reader gets a page more than ~2 s old); browsers revalidate.
const publicPaths = ["/", "/wiki/:path*", "/browse/:path*", "/category/:path*", "/about", "/privacy", "/licence", "/help", "/newsletter", "/newsletter/archive/:path*"];

// Security headers (Content-Security-Policy and the rest) are set at runtime by lib/security-headers.ts.
const nextConfig: NextConfig = {
  // PGlite ships WebAssembly and data files that must be loaded from node_modules, not bundled.
  serverExternalPackages: ["@electric-sql/pglite"],
  poweredByHeader: false,
  typedRoutes: false,
  experimental: {
    // Rendered pages and data stay in memory only, in Next's LRU (cacheMaxMemorySize, 50 MB by default): a flood of
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

export default nextConfig;
