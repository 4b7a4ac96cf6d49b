/**
 * The mechanics of a lock file, shared by the audit log's short lock (src/observe/audit/audit-lock.ts) and the
 * emulator's data lock (src/emulator/data-lock.ts); each decides for itself when a lock is stale and how long to
 * wait. A lock is a file created with O_CREAT|O_EXCL (atomic on a local file system) holding its owner's identity
 * (model/process-identity.ts) and a random nonce. A stale lock is taken over by renaming it to a private name
 * first, and only the very file judged stale (same inode, mtime and nonce) is deleted: two processes that both
 * find the same stale lock never delete each other's fresh one. It lives in model because the emulator may import
 * nothing else.
 */
import { randomBytes } from 'node:crypto';
import { link, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { ConfigError } from './errors.js';
import { readProcessIdentity, thisProcess, type ProcessIdentity } from './process-identity.js';

export interface LockOwner extends ProcessIdentity {
  nonce: string;
}

export interface FoundLock {
  /** Absent when the file holds no readable owner (its owner was stopped while writing it). */
  owner?: LockOwner;
  mtimeMs: number;
  ino: number;
}

/** A lock file that holds no readable owner is given this long to be written before it is judged abandoned. */
export const UNREADABLE_GRACE_MS = 2_000;

/** This process as a lock's owner, with a fresh nonce. */
export function newLockOwner(): LockOwner {
  return { ...thisProcess(), nonce: randomBytes(12).toString('hex') };
}

/**
 * Creates the lock file holding `owner`; false when it exists already. Other errors are the caller's to word.
 * `durable` syncs the file before it is closed (a lock held for days must survive a crash of the machine).
 */
export async function createLockFile(path: string, owner: LockOwner, durable = false): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.write(JSON.stringify(owner));
    if (durable) await handle.sync();
  } finally {
    await handle.close();
  }
  return true;
}

/** The lock file as it stands, or undefined when it was released meanwhile. */
export async function inspectLockFile(path: string): Promise<FoundLock | undefined> {
  try {
    const info = await stat(path);
    // A folder (or anything else) where the lock file goes would be read as an error no wait resolves.
    if (!info.isFile()) throw notALockFile(path);
    const owner = parseLockOwner(await readFile(path, 'utf8'));
    return { mtimeMs: info.mtimeMs, ino: info.ino, ...(owner === undefined ? {} : { owner }) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function notALockFile(path: string): ConfigError {
  return new ConfigError(`${path} is not a lock file: it is a folder or other non-file`, undefined, {
    hint: `remove ${path}: cxschema creates the lock file there itself`,
  });
}

function parseLockOwner(text: string): LockOwner | undefined {
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    const identity = value !== null && typeof value === 'object' ? readProcessIdentity(value) : undefined;
    if (identity !== undefined && typeof value['nonce'] === 'string') return { ...identity, nonce: value['nonce'] };
  } catch {
    // Written partly: the owner was stopped between creating the file and writing it.
  }
  return undefined;
}

/** Removes the stale lock `stale`, and nothing else: a fresh lock made since is put back. */
export async function takeOverLockFile(path: string, stale: FoundLock): Promise<void> {
  const aside = `${path}.stale-${process.pid}-${randomBytes(6).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = await inspectLockFile(aside).catch(() => undefined);
  // The same file is the same inode, unchanged since it was judged (a lock still being written changes mtime).
  const same =
    moved !== undefined &&
    moved.ino === stale.ino &&
    moved.mtimeMs === stale.mtimeMs &&
    moved.owner?.nonce === stale.owner?.nonce;
  if (!same) {
    // Another process took the stale lock over and made a fresh one in between: put its lock back (link fails
    // rather than replace a lock made since).
    await link(aside, path).catch(() => undefined);
  }
  await unlink(aside).catch(() => undefined);
}

/** Removes the lock if it is still the one `nonce` made: never one taken over since. */
export async function releaseLockFile(path: string, nonce: string): Promise<void> {
  const text = await readFile(path, 'utf8').catch(() => '');
  if (parseLockOwner(text)?.nonce === nonce) await unlink(path).catch(() => undefined);
}
