/**
 * An exclusive lock file beside the audit log, held around read-last-hash + append + fsync so that two processes
 * never interleave bytes nor chain two entries to the same predecessor. Created with O_CREAT|O_EXCL, which is
 * atomic on local file systems; it holds its owner's pid, host and a random nonce.
 *
 * A lock is stale when its owner is a process of this process table that no longer exists (killed mid-append; see
 * model/process-identity.ts for what "this table" means), or when it is older than `staleMs` (an owner on another
 * host or in another container, or a hung one: an append takes milliseconds). A stale lock is
 * taken over by renaming it to a private name first, and only the very file judged stale (same inode, mtime and
 * nonce) is deleted: two processes that both find the same stale lock never delete each other's fresh one.
 */
import { unlink } from 'node:fs/promises';
import { CxError } from '../../model/errors.js';
import {
  createLockFile,
  inspectLockFile,
  newLockOwner,
  releaseLockFile,
  takeOverLockFile,
  UNREADABLE_GRACE_MS,
  type FoundLock,
} from '../../model/lock-file.js';
import { processState, type ProcessTable } from '../../model/process-identity.js';

export interface LockOptions {
  /** Give up after this long (default DEFAULT_LOCK_TIMEOUT_MS, 10 s). */
  timeoutMs?: number;
  /** A lock older than this is stale whoever holds it (default 30 s). */
  staleMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Whether a pid names a live process on this host (default: signal 0). */
  isProcessAlive?: (pid: number) => boolean;
  /** How this process table is looked at (default: this process and /proc). */
  processTable?: Partial<ProcessTable>;
}

/** How long an append waits for a live lock before it fails. */
export const DEFAULT_LOCK_TIMEOUT_MS = 10_000;

export class AuditLockError extends CxError {
  constructor(lockPath: string, waitedMs: number) {
    super('INPUT', `could not lock the audit log: ${lockPath} has been held for more than ${waitedMs} ms`, {
      hint: `if no cxschema process is running, delete ${lockPath}`,
    });
    this.name = 'AuditLockError';
  }
}

/** Runs `body` while holding the lock file `lockPath`. */
export async function withFileLock<T>(lockPath: string, body: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const release = await acquireFileLock(lockPath, options);
  try {
    return await body();
  } finally {
    await release();
  }
}

export async function acquireFileLock(lockPath: string, options: LockOptions = {}): Promise<() => Promise<void>> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const timeoutMs = options.timeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
  const staleMs = options.staleMs ?? 30_000;
  const table: Partial<ProcessTable> = {
    ...options.processTable,
    ...(options.isProcessAlive === undefined ? {} : { isAlive: options.isProcessAlive }),
  };
  const owner = newLockOwner();
  const started = now();
  let pause = 2;
  for (;;) {
    if (await createLockFile(lockPath, owner)) {
      const acquired = now();
      // Another process takes a lock over only when its owner is dead or it is older than staleMs: held for
      // less than half that, it is surely still ours, and the read that checks it can be saved.
      return () => releaseLock(lockPath, owner.nonce, now() - acquired < staleMs / 2);
    }
    const found = await inspectLockFile(lockPath);
    if (found !== undefined && isStale(found, now(), staleMs, table)) {
      await takeOverLockFile(lockPath, found);
      continue;
    }
    if (now() - started >= timeoutMs) throw new AuditLockError(lockPath, timeoutMs);
    // Jittered, growing pauses: two waiters do not retry in lock step.
    await sleep(pause + Math.floor(Math.random() * pause));
    pause = Math.min(pause * 2, 50);
  }
}

function isStale(found: FoundLock, now: number, staleMs: number, table: Partial<ProcessTable>): boolean {
  const age = now - found.mtimeMs;
  if (found.owner === undefined) return age > UNREADABLE_GRACE_MS;
  // An owner in another process table (another machine, boot or container of the same host name) is waited for
  // until staleMs, like one on another host.
  if (processState(found.owner, table) === 'gone') return true;
  return age > staleMs;
}

async function releaseLock(lockPath: string, nonce: string, surelyOurs: boolean): Promise<void> {
  if (surelyOurs) await unlink(lockPath).catch(() => undefined);
  // Never delete a lock that is no longer ours (taken over after we stalled past staleMs).
  else await releaseLockFile(lockPath, nonce);
}
