/**
 * A file written whole or not at all, so that a kill at any moment leaves either the old or the new content, never
 * a mix: a temporary file beside it is written and fsynced, renamed over the target, and the folder fsynced, so
 * that the rename itself lasts. The emulator's state, the portal outbox and the metrics file are written so.
 */
import { constants, open, readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /** The temporary file's path, beside the target; `<path>.<pid>.tmp` by default. */
  temporary?: string;
  /** The new file's mode (before the umask); 0o666 by default, as `writeFile`'s. */
  mode?: number;
  /** Fail rather than write over a temporary file of that name (one named to be unique, whose owner is gone). */
  exclusive?: boolean;
}

export async function writeFileAtomically(path: string, text: string, options: AtomicWriteOptions = {}): Promise<void> {
  const temporary = options.temporary ?? `${path}.${process.pid}.tmp`;
  const flags =
    options.exclusive === true
      ? constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL
      : constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC;
  const handle = await open(temporary, flags, options.mode ?? 0o666);
  try {
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    // A full disk, a rename refused: no temporary is left beside the file.
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
  await syncFolder(dirname(path));
}

/** Makes a folder's entries durable; skipped where a folder cannot be opened or synced (Windows, some systems). */
export async function syncFolder(folder: string): Promise<void> {
  let handle;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch {
    // The rename is still atomic; only its durability is then up to the system.
  } finally {
    await handle?.close();
  }
}

/**
 * Removes the temporary files a write of `path` left when it was killed before its rename: `<name>.<id>.tmp`
 * beside it, where `id` is what `idPattern` matches (a pid, a UUID). Never the file itself. Call it only where no
 * other writer of `path` can be between its open and its rename (under the file's lock, or at a start that holds
 * it); a file that cannot be listed or removed is left.
 */
export async function removeLeftoverTemporaries(path: string, idPattern: string): Promise<void> {
  const folder = dirname(path);
  const pattern = new RegExp(`^${basename(path).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.${idPattern}\\.tmp$`);
  const names = await readdir(folder).catch(() => [] as string[]);
  await Promise.all(
    names.filter((name) => pattern.test(name)).map((name) => unlink(join(folder, name)).catch(() => undefined)),
  );
}
