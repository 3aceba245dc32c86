import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/lib/db/client";
import { acquireDataDirLock, DatabaseLockedError, lockPathFor } from "@/lib/db/lock";

const root = mkdtempSync(path.join(os.tmpdir(), "attune-lock-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

type LockFile = { pid: number; command: string; since: string; startTime?: string; bootId?: string; token?: string };

function writeLock(dataDir: string, lock: LockFile) {
  mkdirSync(path.dirname(lockPathFor(dataDir)), { recursive: true });
  writeFileSync(lockPathFor(dataDir), JSON.stringify(lock));
}

const readLockFile = (dataDir: string) => JSON.parse(readFileSync(lockPathFor(dataDir), "utf8")) as LockFile;

// Field 2 of /proc/<pid>/stat is the command in parentheses (it may hold spaces and parentheses): fields 3… follow the last ")".
function procStat(pid: number): { state: string; startTime: string } {
  const text = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  return { state: fields[0], startTime: fields[19] };
}

const bootId = () => readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();

function expectLocked(dataDir: string, pid: number) {
  let error: unknown;
  try {
    openDatabase({ dataDir });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(DatabaseLockedError);
  expect((error as Error).message).toContain(`process ${pid}`);
}

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
      const child = spawnSync(path.resolve("node_modules/.bin/tsx"), ["--import", "./scripts/server-only-off.mjs", "--eval", script], {
        encoding: "utf8",
        cwd: process.cwd(),
        env: { ...process.env, NODE_ENV: "test" },
      });
      expect(child.stdout.trim()).toBe("DatabaseLockedError");
    } finally {
      await handle.close();
    }
  });

  it.runIf(existsSync("/proc/self/stat"))("takes over a lock left by a killed process not yet reaped (a zombie)", async () => {
    const dataDir = path.join(root, "zombie", "db");
    // The background sleep exits at once and stays a zombie: its parent became `sleep 5`, which never reaps it.
    const parent = spawn("sh", ["-c", "sleep 0.05 & echo $!; exec sleep 30"], { stdio: ["ignore", "pipe", "ignore"] });
    try {
      const zombiePid = await new Promise<number>((resolve) => parent.stdout.once("data", (chunk: Buffer) => resolve(Number(String(chunk).trim()))));
      await expect.poll(() => procStat(zombiePid).state, { timeout: 5000 }).toBe("Z");
      writeLock(dataDir, {
        pid: zombiePid,
        command: "next start",
        since: new Date().toISOString(),
        startTime: procStat(zombiePid).startTime,
        bootId: bootId(),
        token: "a-token-of-the-killed-server",
      });
      const handle = openDatabase({ dataDir });
      expect(readLockFile(dataDir).pid).toBe(process.pid);
      await handle.db.execute(sql`select 1`);
      await handle.close();
      expect(existsSync(lockPathFor(dataDir))).toBe(false);
    } finally {
      parent.kill();
    }
  });

  it("takes over a lock naming this very PID but another process instance (a restart given the same PID)", () => {
    const dataDir = path.join(root, "same-pid", "db");
    const planted = {
      pid: process.pid,
      command: "next start",
      since: new Date(Date.now() - 60_000).toISOString(),
      startTime: "1",
      bootId: existsSync("/proc") ? bootId() : "",
      token: "a-token-of-the-previous-server",
    };
    writeLock(dataDir, planted);
    const release = acquireDataDirLock(dataDir);
    const taken = readLockFile(dataDir);
    expect(taken.pid).toBe(process.pid);
    expect(taken.token).toBeTruthy();
    expect(taken.token).not.toBe(planted.token);
    release();
    expect(existsSync(lockPathFor(dataDir))).toBe(false);
  });

  it.runIf(existsSync("/proc/self/stat"))(
    "refuses while a live holder's recorded start time matches, and takes over when its PID now belongs to another process",
    async () => {
      const holder = spawn("sleep", ["30"]);
      try {
        const live = path.join(root, "live", "db");
        writeLock(live, {
          pid: holder.pid!,
          command: "next start",
          since: new Date().toISOString(),
          startTime: procStat(holder.pid!).startTime,
          bootId: bootId(),
          token: "holder-token",
        });
        expectLocked(live, holder.pid!);
        expect(readLockFile(live).token).toBe("holder-token");

        const reused = path.join(root, "reused", "db");
        writeLock(reused, {
          pid: holder.pid!,
          command: "next start",
          since: new Date().toISOString(),
          startTime: String(Number(procStat(holder.pid!).startTime) - 1),
          bootId: bootId(),
          token: "old-token",
        });
        acquireDataDirLock(reused)();
        expect(existsSync(lockPathFor(reused))).toBe(false);

        const otherBoot = path.join(root, "other-boot", "db");
        writeLock(otherBoot, {
          pid: holder.pid!,
          command: "next start",
          since: new Date().toISOString(),
          startTime: procStat(holder.pid!).startTime,
          bootId: "00000000-0000-0000-0000-000000000000",
          token: "old-token",
        });
        const release = acquireDataDirLock(otherBoot);
        expect(readLockFile(otherBoot)).toMatchObject({ pid: process.pid, bootId: bootId() });
        release();
      } finally {
        holder.kill();
      }
    },
  );

  it.runIf(existsSync("/proc/self/stat"))("reads a holder's start time although its command holds spaces and parentheses", () => {
    // The kernel names a process after the file it ran, so a link with an awkward name gives an awkward field 2.
    const awkward = path.join(root, "a) b (c");
    symlinkSync(spawnSync("sh", ["-c", "command -v sleep"], { encoding: "utf8" }).stdout.trim(), awkward);
    const holder = spawn(awkward, ["30"]);
    try {
      expect(readFileSync(`/proc/${holder.pid}/stat`, "utf8")).toContain("(a) b (c)");
      const dataDir = path.join(root, "awkward", "db");
      writeLock(dataDir, {
        pid: holder.pid!,
        command: "a) b (c",
        since: new Date().toISOString(),
        startTime: procStat(holder.pid!).startTime,
        bootId: bootId(),
        token: "holder-token",
      });
      expectLocked(dataDir, holder.pid!);
    } finally {
      holder.kill();
    }
  });

  it("is re-entrant within one process: a second acquire is a no-op, the first release frees the folder", () => {
    const dataDir = path.join(root, "reentrant", "db");
    const release = acquireDataDirLock(dataDir);
    const before = readLockFile(dataDir);
    const inner = acquireDataDirLock(dataDir);
    inner();
    expect(readLockFile(dataDir)).toEqual(before);
    release();
    expect(existsSync(lockPathFor(dataDir))).toBe(false);
  });

  it("a server whose embedded database is locked prints why and exits with status 1 instead of serving nothing", () => {
    const dataDir = path.join(root, "startup", "db");
    const holder = spawn("sleep", ["30"]);
    try {
      writeLock(dataDir, {
        pid: holder.pid!,
        command: "next start",
        since: new Date().toISOString(),
        ...(existsSync("/proc/self/stat") ? { startTime: procStat(holder.pid!).startTime, bootId: bootId() } : {}),
      });
      // As Next runs the hook: an error it throws is caught and logged, and the server goes on listening.
      const script = `import { register } from "./instrumentation.ts"; register().catch(() => console.log("caught by Next")).finally(() => setTimeout(() => console.log("still serving"), 200));`;
      const child = spawnSync(path.resolve("node_modules/.bin/tsx"), ["--import", "./scripts/server-only-off.mjs", "--eval", script], {
        encoding: "utf8",
        cwd: process.cwd(),
        env: { ...process.env, NODE_ENV: "test", NEXT_RUNTIME: "nodejs", PGLITE_DIR: dataDir, DATABASE_URL: "" },
      });
      expect(child.stdout).not.toContain("still serving");
      expect(child.stderr).toContain(`already in use by process ${holder.pid}`);
      expect(child.status).toBe(1);
    } finally {
      holder.kill();
    }
  });
});
