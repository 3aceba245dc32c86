import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/lib/db/client";
import { DatabaseLockedError, lockPathFor } from "@/lib/db/lock";

const root = mkdtempSync(path.join(os.tmpdir(), "attune-lock-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("embedded database lock", () => {
  it("refuses a second opener while the holder lives, naming it and what to do", async () => {
    const dataDir = path.join(root, "held", "db");
    const holder = spawn("sleep", ["30"]);
    mkdirSync(path.dirname(lockPathFor(dataDir)), { recursive: true });
    writeFileSync(lockPathFor(dataDir), JSON.stringify({ pid: holder.pid, command: "next start", since: new Date().toISOString() }));
    try {
      let error: unknown;
      try {
        openDatabase({ dataDir });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DatabaseLockedError);
      expect((error as Error).message).toContain(`process ${holder.pid}`);
      expect((error as Error).message).toContain("next start");
      expect((error as Error).message).toMatch(/Stop that process/);
      expect(existsSync(dataDir)).toBe(false); // nothing was opened
    } finally {
      holder.kill();
    }
  });

  it("takes over a stale lock whose process is gone, and releases it on close", async () => {
    const dataDir = path.join(root, "stale", "db");
    const gone = spawnSync("node", ["-e", "console.log(process.pid)"], { encoding: "utf8" });
    const deadPid = Number(gone.stdout.trim());
    mkdirSync(path.dirname(lockPathFor(dataDir)), { recursive: true });
    writeFileSync(lockPathFor(dataDir), JSON.stringify({ pid: deadPid, command: "old", since: "" }));
    const handle = openDatabase({ dataDir });
    expect(JSON.parse(readFileSync(lockPathFor(dataDir), "utf8")).pid).toBe(process.pid);
    await handle.db.execute(sql`select 1`);
    await handle.close();
    expect(existsSync(lockPathFor(dataDir))).toBe(false);
  });

  it("refuses a real second process while this one holds the folder", async () => {
    const dataDir = path.join(root, "real", "db");
    const handle = openDatabase({ dataDir });
    try {
      const script = `import { openDatabase } from "./lib/db/client.ts"; try { openDatabase({ dataDir: ${JSON.stringify(dataDir)} }); console.log("OPENED"); } catch (e) { console.log(e.name); }`;
      const child = spawnSync(path.resolve("node_modules/.bin/tsx"), ["--eval", script], { encoding: "utf8", cwd: process.cwd(), env: { ...process.env, NODE_ENV: "test" } });
      expect(child.stdout.trim()).toBe("DatabaseLockedError");
    } finally {
      await handle.close();
    }
  });
});
