import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { OUTSIDE_UNIT_SCOPE } from './unit-scope.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

async function testFiles(folder: string): Promise<string[]> {
  const found: string[] = [];
  for (const item of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, item.name);
    if (item.isDirectory()) found.push(...(await testFiles(path)));
    else if (item.name.endsWith('.test.ts')) found.push(relative(ROOT, path));
  }
  return found;
}

/** A glob of the list as a regular expression: `**` any folders, `*` within one name. */
function matcher(glob: string): RegExp {
  const pattern = glob
    .split('**/')
    .map((part) =>
      part
        .split('*')
        .map((text) => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]*'),
    )
    .join('(?:.*/)?');
  return new RegExp(`^${pattern.replace(/\/\(\?:\.\*\/\)\?$/, '/.*').replace(/\*\*$/, '.*')}$`);
}

describe('npm run test:unit', () => {
  it('leaves out every test that reads the build, and nothing that does not exist', async () => {
    const files = await testFiles(join(ROOT, 'test'));
    const outside = (file: string): boolean => OUTSIDE_UNIT_SCOPE.some((glob) => matcher(glob).test(file));
    const needsBuild: string[] = [];
    for (const file of files.filter((name) => !name.endsWith('unit-scope.test.ts'))) {
      const text = await readFile(join(ROOT, file), 'utf8');
      if (/dist\/|assertBuilt|spawnCli|runCli\(/.test(text)) needsBuild.push(file);
    }
    expect(needsBuild.filter((file) => !outside(file))).toEqual([]);
    for (const glob of OUTSIDE_UNIT_SCOPE)
      expect(
        files.some((file) => matcher(glob).test(file)),
        glob,
      ).toBe(true);
  });
});
