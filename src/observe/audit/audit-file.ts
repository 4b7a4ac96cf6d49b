/**
 * The log made ready when it is opened, before a run sends anything to the org (docs/audit.md, "Before the first
 * write"): its folder and file made if need be, then checked to be what every append of the run needs: a regular
 * file this process can open for writing, a lock file it can make beside it, and a last line an append chains to,
 * read under the lock as the append reads it (the tail alone: a whole-log verify is `audit verify`'s, and the
 * cost of a run's start does not grow with the log). A log that fails is refused here, so that a run never deploys
 * while each of its entries is refused: a folder, a file this process cannot write, a last entry edited.
 */
import { open, realpath, type FileHandle } from 'node:fs/promises';
import { constants, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import { CxError } from '../../model/errors.js';
import { makeFolders } from '../../model/make-folders.js';
import { AuditLogUnwritableError } from './audit-errors.js';
import { acquireFileLock, type LockOptions } from './audit-lock.js';
import { readChainTail } from './audit-tail.js';
import { syncFolder } from '../../model/atomic-file.js';

/**
 * Throws AuditLogUnwritableError for a log an append cannot write, AuditLogCorruptError (naming the line) for one
 * whose last entry it would refuse to chain to. A torn last line passes: the next append repairs it. Returns the
 * lock file the appends take.
 */
export async function prepareLogFile(path: string, lock?: LockOptions): Promise<string> {
  await makeFolders(dirname(path)).catch((cause: unknown) => {
    throw new AuditLogUnwritableError(path, (cause as Error).message, cause);
  });
  const handle = await openForAppend(path);
  try {
    const info = await handle.stat();
    if (!info.isFile())
      throw new AuditLogUnwritableError(path, `it is ${kindOf(info)}, not a file`, undefined, 'append to');
    const lockPath = await lockPathFor(path);
    const release = await acquireFileLock(lockPath, lock).catch((error: unknown) => {
      // A lock held past the wait says so itself; a lock file that cannot be made is a folder this process cannot
      // write, which every append would meet.
      if (error instanceof CxError) throw error;
      throw new AuditLogUnwritableError(
        path,
        `cannot make its lock file ${lockPath}: ${errnoText(error)}`,
        error,
        'append to',
      );
    });
    try {
      await readChainTail(path, handle);
    } finally {
      await release();
    }
    return lockPath;
  } finally {
    await handle.close();
  }
}

/**
 * The lock file beside the file the path names, links followed: two paths to one log (a link to it, a folder
 * reached through a link) must take one lock, or their appends would write at the same offset and fork the chain.
 * Called once the log exists.
 */
async function lockPathFor(path: string): Promise<string> {
  try {
    return `${await realpath(path)}.lock`;
  } catch {
    return `${path}.lock`;
  }
}

/** Opens the log for reading and writing, as an append does; a log that is not there yet is made first. */
async function openForAppend(path: string): Promise<FileHandle> {
  try {
    const handle = await open(path, constants.O_RDWR | constants.O_CREAT | constants.O_EXCL, 0o600);
    // A new file's directory entry is durable only once its folder is synced.
    await syncFolder(dirname(path));
    return handle;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EEXIST') throw new AuditLogUnwritableError(path, code ?? (error as Error).message, error);
  }
  try {
    // O_CREAT as an append has it: a link whose target is not there yet is made as the append would make it.
    return await open(path, constants.O_RDWR | constants.O_CREAT, 0o600);
  } catch (error) {
    const problem =
      (error as NodeJS.ErrnoException).code === 'EISDIR' ? 'it is a folder, not a file' : errnoText(error);
    throw new AuditLogUnwritableError(path, problem, error, 'append to');
  }
}

function kindOf(info: Stats): string {
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isFIFO()) return 'a pipe';
  if (info.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** `EACCES: permission denied`: Node's message without the call and path it repeats. */
function errnoText(error: unknown): string {
  const message = (error as Error).message;
  const code = (error as NodeJS.ErrnoException).code;
  const text = message.replace(/, \w+ '.*$/s, '');
  return code === undefined || text.startsWith(code) ? text : `${code}: ${text}`;
}
