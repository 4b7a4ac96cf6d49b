/**
 * `mkdir -p`, one level at a time. Node's recursive mkdir never returns when the path lies under a pseudo
 * file system such as /proc (the kernel answers ENOENT for a parent that exists, and it retries forever); here
 * the first folder that cannot be made is an error that names it. It lives in model because both the emulator
 * (which may import nothing else) and the audit log need it.
 */
import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

export class FolderError extends Error {
  constructor(
    readonly folder: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'FolderError';
  }
}

export async function makeFolders(folder: string): Promise<void> {
  const missing: string[] = [];
  for (let current = folder; ; current = dirname(current)) {
    const found = await stat(current).catch((error: NodeJS.ErrnoException) => {
      // ENOTDIR: a file stands higher up; going up finds it and names it.
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
      throw new FolderError(current, `cannot look at ${current}: ${error.code ?? error.message}`, { cause: error });
    });
    if (found !== undefined) {
      if (!found.isDirectory()) throw new FolderError(current, `${current} is not a folder`);
      break;
    }
    missing.push(current);
    if (dirname(current) === current) break;
  }
  for (const path of missing.reverse()) {
    await mkdir(path).catch((error: NodeJS.ErrnoException) => {
      // Made by someone else in between: as good as made here.
      if (error.code === 'EEXIST') return;
      throw new FolderError(path, `cannot create the folder ${path}: ${error.code ?? error.message}`, { cause: error });
    });
  }
}
