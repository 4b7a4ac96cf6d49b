import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FolderError, makeFolders } from '../../src/model/make-folders.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cxschema-folders-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('makeFolders', () => {
  it('makes every missing level, and accepts folders that exist', async () => {
    const deep = join(dir, 'a', 'b', 'c');
    await makeFolders(deep);
    expect((await stat(deep)).isDirectory()).toBe(true);
    await makeFolders(deep);
    await makeFolders(dir);
  });

  it('names the file that stands where a folder should be', async () => {
    await writeFile(join(dir, 'plain'), 'x');
    const error = await makeFolders(join(dir, 'plain', 'sub')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FolderError);
    expect((error as FolderError).message).toBe(`${join(dir, 'plain')} is not a folder`);
  });

  it('fails, naming the folder, under a pseudo file system where recursive mkdir never returns', async () => {
    const error = await makeFolders('/proc/cxschema-test/state').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FolderError);
    expect((error as FolderError).folder).toBe('/proc/cxschema-test');
    expect((error as FolderError).message).toMatch(/^cannot create the folder \/proc\/cxschema-test: E[A-Z]+$/);
  });

  it('lets concurrent callers make the same folders', async () => {
    const deep = join(dir, 'x', 'y', 'z');
    await Promise.all(Array.from({ length: 8 }, () => makeFolders(deep)));
    expect((await stat(deep)).isDirectory()).toBe(true);
  });
});
