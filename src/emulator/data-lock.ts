/**
 * One emulator per data file. Two processes on one `--data` file would each answer from their own memory and
 * overwrite each other's state: every write acknowledged, half of them lost. The emulator therefore holds
 * `<data>.lock` for its whole lifetime: created with O_CREAT|O_EXCL (atomic on a local file system), holding the
 * owner's pid, host and a random nonce.
 *
 * A lock whose owner is a process of this process table that no longer exists (killed), or that was written
 * under this host name before this machine last started, is stale and taken over; one of another process table
 * (another host, or a container of the same host name) is not (model/process-identity.ts). Unlike
 * the audit log's short lock, age says nothing here: an emulator holds its lock for days. A second emulator
 * either fails at once with the holder's pid, or (the in-process emulator of `--emulator`) waits for the holder
 * to stop, then reads the state as the holder left it.
 */
import { hostname, uptime } from 'node:os';
import { ConfigError } from '../model/errors.js';
import {
  createLockFile,
  inspectLockFile,
  newLockOwner,
  releaseLockFile,
  takeOverLockFile,
  UNREADABLE_GRACE_MS,
  type FoundLock,
  type LockOwner,
} from '../model/lock-file.js';
import { processState, thisProcess, type ProcessTable } from '../model/process-identity.js';

export interface DataLockHolder {
  pid: number;
  host: string;
}

export interface DataLockOptions {
  /**
   * Wait for the holder to let go rather than fail; called once, when the wait starts, with who holds the file.
   * Absent: a held lock is an error naming the holder.
   */
  onWait?: (holder: DataLockHolder) => void;
  /** Whether a pid names a live process on this host (default: signal 0). */
  isProcessAlive?: (pid: number) => boolean;
  /** How this process table is looked at (default: this process and /proc). */
  processTable?: Partial<ProcessTable>;
  /** When this machine last started, in ms since the epoch (default: from `os.uptime()`). */
  bootedAtMs?: number;
}

export interface DataLock {
  /** Set when the lock was taken over from a process that no longer runs. */
  tookOverFrom?: DataLockHolder;
  release(): Promise<void>;
}

/** Pauses between two looks at a held lock while waiting: short at first, then at most this. */
const MAX_POLL_MS = 250;

export function lockPathFor(dataPath: string): string {
  return `${dataPath}.lock`;
}

export async function acquireDataLock(dataPath: string, options: DataLockOptions = {}): Promise<DataLock> {
  const lockPath = lockPathFor(dataPath);
  const table: Partial<ProcessTable> = {
    ...options.processTable,
    ...(options.isProcessAlive === undefined ? {} : { isAlive: options.isProcessAlive }),
  };
  const bootedAtMs = options.bootedAtMs ?? Date.now() - uptime() * 1000;
  const owner = newLockOwner();
  let tookOverFrom: DataLockHolder | undefined;
  let waiting = false;
  let pause = 5;
  for (;;) {
    if (await tryCreate(lockPath, owner, dataPath)) {
      return {
        ...(tookOverFrom === undefined ? {} : { tookOverFrom }),
        release: () => releaseLockFile(lockPath, owner.nonce),
      };
    }
    const found = await inspectLockFile(lockPath);
    if (found === undefined) continue;
    if (isStale(found, table, bootedAtMs)) {
      if (found.owner !== undefined) tookOverFrom = { pid: found.owner.pid, host: found.owner.host };
      await takeOverLockFile(lockPath, found);
      continue;
    }
    const holder: DataLockHolder =
      found.owner === undefined ? { pid: 0, host: hostname() } : { pid: found.owner.pid, host: found.owner.host };
    const elsewhere = found.owner !== undefined && processState(found.owner, table) === 'elsewhere';
    if (options.onWait === undefined) throw heldError(dataPath, lockPath, holder, elsewhere);
    if (!waiting) {
      waiting = true;
      options.onWait(holder);
    }
    await new Promise<void>((resolve) => setTimeout(resolve, pause));
    pause = Math.min(pause * 2, MAX_POLL_MS);
  }
}

function heldError(dataPath: string, lockPath: string, holder: DataLockHolder, elsewhere: boolean): ConfigError {
  const where =
    holder.host !== hostname()
      ? ` on ${holder.host}`
      : elsewhere
        ? ` of another machine, boot or container named ${holder.host}`
        : '';
  const who = holder.pid === 0 ? 'another process (starting up)' : `process ${holder.pid}${where}`;
  return new ConfigError(
    `the emulator data file is in use by ${who}: two emulators on one file would overwrite each other's state`,
    { file: dataPath },
    {
      hint: `stop that emulator first, or pass --data another file; if no emulator runs, delete ${lockPath}`,
    },
  );
}

/** Creates the lock file, synced (it is held for days); an error other than "exists" names the data file. */
async function tryCreate(lockPath: string, owner: LockOwner, dataPath: string): Promise<boolean> {
  try {
    return await createLockFile(lockPath, owner, true);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(
      `cannot lock the emulator data file: ${code ?? (error as Error).message}`,
      { file: dataPath },
      { cause: error, hint: 'pass --data a path in a folder you can write to' },
    );
  }
}

function isStale(found: FoundLock, table: Partial<ProcessTable>, bootedAtMs: number): boolean {
  if (found.owner === undefined) return Date.now() - found.mtimeMs > UNREADABLE_GRACE_MS;
  // A holder in another process table (another host on a shared folder, another container of the same host name)
  // cannot be checked: it is never taken over, but for a lock of this host name from before this machine started
  // (docs/api-contract.md says what that assumes of a shared folder).
  const state = processState(found.owner, table);
  return state === 'gone' || (state === 'elsewhere' && writtenBeforeThisBoot(found, table, bootedAtMs));
}

/**
 * A lock of this host name written by an earlier boot, before this machine started: its holder ended with that
 * boot (the lock file is on this machine's disk). Without this, a lock left by a crash would outlive the restart.
 */
function writtenBeforeThisBoot(found: FoundLock, table: Partial<ProcessTable>, bootedAtMs: number): boolean {
  const here = table.self ?? thisProcess();
  const owner = found.owner;
  return (
    owner !== undefined &&
    owner.host === here.host &&
    owner.bootId !== undefined &&
    here.bootId !== undefined &&
    owner.bootId !== here.bootId &&
    found.mtimeMs < bootedAtMs
  );
}
