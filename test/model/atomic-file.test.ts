import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomically } from '../../src/model/atomic-file.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cxschema-atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomically', () => {
  it('replaces the file whole, with the mode asked for, and leaves no temporary', async () => {
    const path = join(dir, 'state.json');
    await writeFile(path, 'old');
    await writeFileAtomically(path, 'new', { mode: 0o600 });
    expect(await readFile(path, 'utf8')).toBe('new');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['state.json']);
  });

  it('leaves the old file and no temporary when the rename fails', async () => {
    const path = join(dir, 'taken');
    await mkdir(path);
    await writeFile(join(path, 'inside'), 'kept');
    await expect(writeFileAtomically(path, 'new')).rejects.toThrow();
    expect((await readdir(dir)).sort()).toEqual(['taken']);
    expect(await readFile(join(path, 'inside'), 'utf8')).toBe('kept');
  });

  it('exclusive: refuses a temporary that exists, and neither file is touched', async () => {
    const path = join(dir, 'outbox.jsonl');
    const temporary = `${path}.fixed.tmp`;
    await writeFile(temporary, 'another writer');
    await expect(writeFileAtomically(path, 'new', { temporary, exclusive: true })).rejects.toMatchObject({
      code: 'EEXIST',
    });
    expect(await readFile(temporary, 'utf8')).toBe('another writer');
    await expect(stat(path)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
