/**
 * Writes a set of generated files under one folder (generate, docs). Each file is written beside its final
 * name and renamed into place, so a reader never sees half a file and an interrupted run leaves each file
 * either as it was or complete. Files already in the folder that the run does not produce are left alone.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { runBounded } from '../apply/bounded-pool.js';
import { CxError } from '../model/errors.js';

export interface OutputFile {
  /** Relative to the folder, `/`-separated. */
  path: string;
  text: string;
}

/** Files written at once: a catalog has hundreds, and the file system overlaps them well. */
const PARALLEL_WRITES = 16;

export async function writeOutputFolder(folder: string, files: readonly OutputFile[]): Promise<void> {
  const targets = files.map((file) => {
    const target = resolve(folder, file.path);
    const inside = relative(folder, target);
    if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
      throw new CxError('INTERNAL', `refusing to write ${file.path} outside ${folder}`);
    }
    return { target, text: file.text };
  });
  for (const parent of new Set(targets.map(({ target }) => dirname(target)))) {
    await mkdir(parent, { recursive: true }).catch((cause: unknown) => {
      throw writeError(parent, cause);
    });
  }
  await runBounded(targets, PARALLEL_WRITES, async ({ target, text }) => {
    const temporary = `${target}.${process.pid}.tmp`;
    try {
      await writeFile(temporary, text, 'utf8');
      await rename(temporary, target);
    } catch (cause) {
      await rm(temporary, { force: true });
      throw writeError(target, cause);
    }
  });
}

function writeError(path: string, cause: unknown): CxError {
  return new CxError('INPUT', `cannot write ${path}: ${(cause as Error).message}`, {
    cause,
    hint: 'pass --out a folder you can write to',
  });
}
