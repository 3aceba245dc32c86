// PGlite has no lock of its own and two processes on one folder corrupt it, so we take one:
// a file beside the data folder holding the owner's PID. A lock whose process is gone is taken over.
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import path from "node:path";

export class DatabaseLockedError extends Error {
  constructor(
    public readonly lockPath: string,
    public readonly holderPid: number,
    holderCommand: string,
  ) {
    super(
      `The embedded database is already in use by process ${holderPid}${holderCommand ? ` (${holderCommand})` : ""}.\n` +
        `Only one process may open ${path.dirname(lockPath)} at a time. Stop that process (kill ${holderPid}) and try again, ` +
        `use another folder with PGLITE_DIR, or act on the running site over HTTP. ` +
        `If no such process exists, delete ${lockPath}.`,
    );
    this.name = "DatabaseLockedError";
  }
}

type LockInfo = { pid: number; command: string; since: string };

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readLock(lockPath: string): LockInfo | null {
  try {
    const info = JSON.parse(readFileSync(lockPath, "utf8")) as Partial<LockInfo>;
    return typeof info.pid === "number" ? { pid: info.pid, command: info.command ?? "", since: info.since ?? "" } : null;
  } catch {
    return null; // unreadable or half-written: treat as stale
  }
}

export function lockPathFor(dataDir: string): string {
  return `${path.resolve(dataDir)}.lock`;
}

/** Takes the lock for dataDir or throws DatabaseLockedError. Re-entrant within one process. Returns a release function. */
export function acquireDataDirLock(dataDir: string): () => void {
  const lockPath = lockPathFor(dataDir);
  mkdirSync(path.dirname(lockPath), { recursive: true });
  const info: LockInfo = { pid: process.pid, command: process.argv.slice(1, 3).map((a) => path.basename(a)).join(" "), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(lockPath, "wx");
      writeSync(fd, JSON.stringify(info));
      closeSync(fd);
      const release = () => {
        try {
          if (readLock(lockPath)?.pid === process.pid) unlinkSync(lockPath);
        } catch {
          /* already gone */
        }
      };
      process.once("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = readLock(lockPath);
      if (holder?.pid === process.pid) return () => {};
      if (holder && isAlive(holder.pid)) throw new DatabaseLockedError(lockPath, holder.pid, holder.command);
      try {
        unlinkSync(lockPath); // stale: its process is gone
      } catch {
        /* another process removed it first; retry */
      }
    }
  }
  const holder = readLock(lockPath);
  throw new DatabaseLockedError(lockPath, holder?.pid ?? -1, holder?.command ?? "");
}
