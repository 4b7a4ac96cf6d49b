/**
 * Writes a set of generated files under one folder (generate, docs). Each file is written beside its final
 * name and renamed into place, so a reader never sees half a file and an interrupted run leaves each file
 * either as it was or complete. Files already in the folder that the run does not produce are left alone.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { CxError } from '../model/errors.js';

export interface OutputFile {
  /** Relative to the folder, `/`-separated. */
  path: string;
  text: string;
}

export async function writeOutputFolder(folder: string, files: readonly OutputFile[]): Promise<void> {
  for (const file of files) {
    const target = resolve(folder, file.path);
    const inside = relative(folder, target);
    if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
      throw new CxError('INTERNAL', `refusing to write ${file.path} outside ${folder}`);
    }
    const temporary = `${target}.${process.pid}.tmp`;
    try {
      await mkdir(dirname(target), { recursive: true });
      await writeFile(temporary, file.text, 'utf8');
      await rename(temporary, target);
    } catch (cause) {
      await rm(temporary, { force: true });
      throw new CxError('INPUT', `cannot write ${target}: ${(cause as Error).message}`, {
        cause,
        hint: 'pass --out a folder you can write to',
      });
    }
  }
}
