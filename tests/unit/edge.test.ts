import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { EDGE_REFRESH_HEADER, refreshAtEdge } from "@/lib/edge";

// A stand-in for nginx: records what the app asks for.
const seen: { method: string; url: string; refresh: string | undefined }[] = [];
let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push({ method: req.method ?? "", url: req.url ?? "", refresh: req.headers[EDGE_REFRESH_HEADER] as string | undefined });
    res.writeHead(req.url === "/wiki/missing" ? 404 : 200, { "content-type": "text/html" }).end("<p>fresh</p>");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe("refreshAtEdge", () => {
  it("asks the edge for each changed page once, marked as a refresh", async () => {
    seen.length = 0;
    const result = await refreshAtEdge(["/wiki/jealousy", "/", "/wiki/jealousy", "/wiki/missing"], base);
    expect(result).toEqual([
      { path: "/wiki/jealousy", status: 200 },
      { path: "/", status: 200 },
      { path: "/wiki/missing", status: 404 },
    ]);
    expect(seen.map((r) => r.url).sort()).toEqual(["/", "/wiki/jealousy", "/wiki/missing"]);
    expect(seen.every((r) => r.method === "GET" && r.refresh === "1")).toBe(true);
  });

  it("sends nothing when no edge is configured", async () => {
    seen.length = 0;
    expect(await refreshAtEdge(["/wiki/jealousy"], undefined)).toEqual([]);
    expect(seen).toHaveLength(0);
  });

  it("never throws when the edge cannot be reached: it says so and the approval stands", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const deadBase = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    expect(await refreshAtEdge(["/wiki/jealousy"], deadBase)).toEqual([{ path: "/wiki/jealousy", status: null }]);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("Edge refresh of /wiki/jealousy failed"));
    warn.mockRestore();
  });
});
