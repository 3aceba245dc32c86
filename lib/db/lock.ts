// PGlite has no lock of its own and two processes on one folder corrupt it, so we take one: a file beside
// the data folder naming the owner's process instance (PID, start time, boot id, a random token). A PID alone
// is not enough: a zombie still answers kill(pid, 0), and a restarted server in a container often gets the
// very same PID. A lock whose process instance is gone is taken over.
import { randomBytes } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import path from "node:path";

/** For whoever starts the process (it stops start-up with this sentence), not an AppError: no page ever shows it. */
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

type LockInfo = { pid: number; command: string; since: string; startTime: string; bootId: string; token: string };

type ProcStat = { state: string; startTime: string };

/** State (field 3) and start time (field 22) from /proc/<pid>/stat; null when the process does not exist. */
function readProcStat(pid: number): ProcStat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
  // Field 2 is the command in parentheses and may itself hold spaces or ")": the fields after it follow the last ")".
  const close = text.lastIndexOf(")");
  if (close < 0) return null;
  const fields = text
    .slice(close + 2)
    .trim()
    .split(/\s+/); // fields[0] is field 3
  const [state, startTime] = [fields[0], fields[22 - 3]];
  return state && startTime && /^\d+$/.test(startTime) ? { state, startTime } : null;
}

function readBootId(): string {
  try {
    return readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
  } catch {
    return "";
  }
}

const hasProc = () => existsSync("/proc/self/stat");

// On globalThis, so every copy of this module that Next bundles into one process shares one identity.
const IDENTITY = Symbol.for("attune.db.lock.identity");
type Identity = { pid: number; startTime: string; bootId: string; token: string };

function ownIdentity(): Identity {
  const g = globalThis as { [IDENTITY]?: Identity };
  g[IDENTITY] ??= { pid: process.pid, startTime: readProcStat(process.pid)?.startTime ?? "", bootId: readBootId(), token: randomBytes(16).toString("hex") };
  return g[IDENTITY];
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** True while the process instance that wrote the lock still runs: same PID, not a zombie, same start and boot. */
function holderIsAlive(holder: LockInfo): boolean {
  if (!hasProc()) return pidExists(holder.pid); // not Linux: the PID is all we can check
  const stat = readProcStat(holder.pid);
  if (!stat || stat.state === "Z") return false;
  // A lock written before start times were recorded can only be judged by its PID.
  if (holder.startTime && stat.startTime !== holder.startTime) return false;
  if (holder.bootId && holder.bootId !== readBootId()) return false;
  return true;
}

function readLock(lockPath: string): LockInfo | null {
  try {
    const info = JSON.parse(readFileSync(lockPath, "utf8")) as Partial<Record<keyof LockInfo, unknown>>;
    if (typeof info.pid !== "number") return null;
    const text = (value: unknown) => (typeof value === "string" ? value : "");
    return {
      pid: info.pid,
      command: text(info.command),
      since: text(info.since),
      startTime: text(info.startTime),
      bootId: text(info.bootId),
      token: text(info.token),
    };
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
  const me = ownIdentity();
  const info: LockInfo = {
    ...me,
    command: process.argv
      .slice(1, 3)
      .map((a) => path.basename(a))
      .join(" "),
    since: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(lockPath, "wx");
      writeSync(fd, JSON.stringify(info));
      closeSync(fd);
      const release = () => {
        try {
          if (readLock(lockPath)?.token === me.token) unlinkSync(lockPath);
        } catch {
          /* already gone */
        }
      };
      process.once("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = readLock(lockPath);
      if (holder?.token === me.token) return () => {};
      // Our own PID with another token is an earlier process that had this PID; only one of ours could share the start time.
      const holderAlive =
        holder && (holder.pid === process.pid ? hasProc() && holder.startTime === me.startTime && holder.bootId === me.bootId : holderIsAlive(holder));
      if (holder && holderAlive) throw new DatabaseLockedError(lockPath, holder.pid, holder.command);
      try {
        unlinkSync(lockPath); // stale: its process instance is gone
      } catch {
        /* another process removed it first; retry */
      }
    }
  }
  const holder = readLock(lockPath);
  throw new DatabaseLockedError(lockPath, holder?.pid ?? -1, holder?.command ?? "");
}
