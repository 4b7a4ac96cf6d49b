/**
 * The check every command that writes an output folder makes before it reads anything: `generate` and `docs`
 * (src/cli/write-output-folder.ts) and `pull` (src/org/pull.ts).
 */
import { constants, type Stats } from 'node:fs';
import { access, lstat, readlink, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CxError, UsageError } from './errors.js';

/**
 * Refuses an --out that cannot be the output folder, before anything is read or written (docs/codegen.md,
 * docs/catalog.md, docs/pull.md): a file, or anything else that is not a folder, at the path or above it (exit
 * 64); a link that leads nowhere (exit 64: mkdir would only say that something exists there); a folder this user
 * may not write in
 * (exit 1, as for any input a command cannot use: docs/audit.md "Before the first write"). What exists nearest the
 * path is looked at: the folder itself, or the folder its missing folders are made in. A path this user may not
 * even look at is left to the writes to report.
 */
export async function checkOutputFolder(folder: string): Promise<void> {
  for (let at = folder; ; at = dirname(at)) {
    const found = await stat(at).catch((error: NodeJS.ErrnoException) => error);
    const made = at === folder ? `--out ${folder}` : `--out ${folder} cannot be made: ${at}`;
    if (!(found instanceof Error)) {
      if (!found.isDirectory()) {
        const link = (await lstat(at)).isSymbolicLink() ? 'a link to ' : '';
        throw new UsageError(`${made} is ${link}${kindOf(found)}, not a folder`, {
          hint: 'pass --out a folder (made when it does not exist)',
        });
      }
      await access(at, constants.W_OK | constants.X_OK).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EACCES' && error.code !== 'EPERM' && error.code !== 'EROFS') return;
        const where = at === folder ? 'it' : at;
        const why =
          error.code === 'EROFS' ? `${where} is on a read-only file system` : `this user may not write in ${where}`;
        const what = at === folder ? `--out ${folder}:` : `--out ${folder} cannot be made:`;
        throw new CxError('INPUT', `${what} ${why} (${error.code})`, {
          cause: error,
          hint: `give this user write access to ${at}, or pass --out a folder you can write to`,
        });
      });
      return;
    }
    if (found.code === 'ENOENT') {
      const link = await readlink(at).catch(() => undefined);
      if (link !== undefined) {
        throw new UsageError(`${made} is a link to ${link}, which does not exist`, {
          hint: `make the folder it leads to, or pass --out another folder`,
        });
      }
    } else if (found.code !== 'ENOTDIR') {
      return;
    }
    // Missing (made by the run), or below something that is not a folder: what is above says which.
    if (dirname(at) === at) return;
  }
}

function kindOf(found: Stats): string {
  if (found.isFile()) return 'a file';
  if (found.isFIFO()) return 'a named pipe';
  if (found.isSocket()) return 'a socket';
  if (found.isCharacterDevice() || found.isBlockDevice()) return 'a device';
  return 'something else';
}
