/**
 * One emulator per data file. Two processes on one `--data` file would each answer from their own memory and
 * overwrite each other's state: every write acknowledged, half of them lost. The emulator therefore holds
 * `<data>.lock` for its whole lifetime: created with O_CREAT|O_EXCL (atomic on a local file system), holding the
 * owner's pid, host and a random nonce.
 *
 * A lock whose owner is a process of this host that no longer exists (killed) is stale and taken over. Unlike
 * the audit log's short lock, age says nothing here: an emulator holds its lock for days. A second emulator
 * either fails at once with the holder's pid, or (the in-process emulator of `--emulator`) waits for the holder
 * to stop, then reads the state as the holder left it.
 */
import { randomBytes } from 'node:crypto';
import { link, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { ConfigError } from '../model/errors.js';
import { isProcessAlive, processState, thisProcess, type ProcessIdentity } from '../model/process-identity.js';

interface LockOwner extends ProcessIdentity {
  nonce: string;
}

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
}

export interface DataLock {
  /** Set when the lock was taken over from a process that no longer runs. */
  tookOverFrom?: DataLockHolder;
  release(): Promise<void>;
}

/** A lock file that holds no readable owner is given this long to be written before it is judged abandoned. */
const UNREADABLE_GRACE_MS = 2_000;
/** Pauses between two looks at a held lock while waiting: short at first, then at most this. */
const MAX_POLL_MS = 250;

export function lockPathFor(dataPath: string): string {
  return `${dataPath}.lock`;
}

export async function acquireDataLock(dataPath: string, options: DataLockOptions = {}): Promise<DataLock> {
  const lockPath = lockPathFor(dataPath);
  const isAlive = options.isProcessAlive ?? isProcessAlive;
  const owner: LockOwner = { ...thisProcess(), nonce: randomBytes(12).toString('hex') };
  let tookOverFrom: DataLockHolder | undefined;
  let waiting = false;
  let pause = 5;
  for (;;) {
    if (await tryCreate(lockPath, owner, dataPath)) {
      return {
        ...(tookOverFrom === undefined ? {} : { tookOverFrom }),
        release: () => releaseLock(lockPath, owner.nonce),
      };
    }
    const found = await inspect(lockPath);
    if (found === undefined) continue;
    if (isStale(found, isAlive)) {
      if (found.owner !== undefined) tookOverFrom = { pid: found.owner.pid, host: found.owner.host };
      await takeOver(lockPath, found);
      continue;
    }
    const holder: DataLockHolder =
      found.owner === undefined ? { pid: 0, host: hostname() } : { pid: found.owner.pid, host: found.owner.host };
    if (options.onWait === undefined) throw heldError(dataPath, lockPath, holder);
    if (!waiting) {
      waiting = true;
      options.onWait(holder);
    }
    await new Promise<void>((resolve) => setTimeout(resolve, pause));
    pause = Math.min(pause * 2, MAX_POLL_MS);
  }
}

function heldError(dataPath: string, lockPath: string, holder: DataLockHolder): ConfigError {
  const who =
    holder.pid === 0
      ? 'another process (starting up)'
      : `process ${holder.pid}${holder.host === hostname() ? '' : ` on ${holder.host}`}`;
  return new ConfigError(
    `the emulator data file is in use by ${who}: two emulators on one file would overwrite each other's state`,
    { file: dataPath },
    {
      hint: `stop that emulator first, or pass --data another file; if no emulator runs, delete ${lockPath}`,
    },
  );
}

async function tryCreate(lockPath: string, owner: LockOwner, dataPath: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(lockPath, 'wx', 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    throw new ConfigError(
      `cannot lock the emulator data file: ${code ?? (error as Error).message}`,
      { file: dataPath },
      { cause: error, hint: 'pass --data a path in a folder you can write to' },
    );
  }
  try {
    await handle.write(JSON.stringify(owner));
    await handle.sync();
  } finally {
    await handle.close();
  }
  return true;
}

interface FoundLock {
  owner?: LockOwner;
  mtimeMs: number;
  ino: number;
}

async function inspect(lockPath: string): Promise<FoundLock | undefined> {
  try {
    const info = await stat(lockPath);
    const owner = parseOwner(await readFile(lockPath, 'utf8'));
    return { mtimeMs: info.mtimeMs, ino: info.ino, ...(owner === undefined ? {} : { owner }) };
  } catch (error) {
    // Released between our attempt and this look: try again at once.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockOwner>;
    if (typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.nonce === 'string') {
      return { pid: value.pid, host: value.host, nonce: value.nonce };
    }
  } catch {
    // Written partly: the owner was stopped between creating the file and writing it.
  }
  return undefined;
}

function isStale(found: FoundLock, isAlive: (pid: number) => boolean): boolean {
  if (found.owner === undefined) return Date.now() - found.mtimeMs > UNREADABLE_GRACE_MS;
  // A holder on another host (a shared folder) cannot be checked: it is never taken over.
  return processState(found.owner, isAlive) === 'gone';
}

/**
 * Moves the stale lock aside under a private name, then checks it is the very file judged stale: two processes
 * that both find one stale lock never remove a fresh lock the other has made since.
 */
async function takeOver(lockPath: string, stale: FoundLock): Promise<void> {
  const aside = `${lockPath}.stale-${process.pid}-${randomBytes(6).toString('hex')}`;
  try {
    await rename(lockPath, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = await inspect(aside);
  const same = moved !== undefined && moved.ino === stale.ino && moved.owner?.nonce === stale.owner?.nonce;
  if (!same) {
    // Someone else's fresh lock: put it back unless a newer one stands there already.
    await link(aside, lockPath).catch(() => undefined);
  }
  await unlink(aside).catch(() => undefined);
}

async function releaseLock(lockPath: string, nonce: string): Promise<void> {
  const text = await readFile(lockPath, 'utf8').catch(() => '');
  // Never remove a lock that is no longer ours.
  if (parseOwner(text)?.nonce === nonce) await unlink(lockPath).catch(() => undefined);
}
