/**
 * A pull whose rename into place fails part way (a file held open elsewhere, a mount over it: the file system
 * refuses, which a test can only make happen by refusing node's rename for it): the files renamed before stay and
 * are named, and no temporary file is left.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import type * as FsPromises from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { CxError } from '../../src/model/errors.js';
import { pullSchemas } from '../../src/org/pull.js';
import { generateSchemas, writeGeneratedSchemas } from '../support/generated-schemas.js';
import { startOrg, type TestOrg } from '../support/org-rig.js';

const refused = vi.hoisted(() => ({ file: '' }));
vi.mock('node:fs/promises', async (original) => {
  const fs = await original<typeof FsPromises>();
  return {
    ...fs,
    rename: (from: string, to: string) =>
      to.endsWith(refused.file)
        ? Promise.reject(
            Object.assign(new Error(`EBUSY: resource busy or locked, rename '${from}'`), { code: 'EBUSY' }),
          )
        : fs.rename(from, to),
  };
});

let org: TestOrg;
let dir: string;
beforeEach(async () => {
  org = await startOrg();
  dir = await mkdtemp(join(tmpdir(), 'cxschema-pull-rename-'));
  await writeGeneratedSchemas(org.target, 3);
});
afterEach(async () => {
  await org.stop();
  await rm(dir, { recursive: true, force: true });
});

it('names the files renamed before a rename that failed, and leaves no temporary file', async () => {
  const [first, second] = generateSchemas(3).map((schema) => `${schema.body.externalId}.schema.yaml`);
  refused.file = second!;
  const out = join(dir, 'out');
  const error = await pullSchemas({ target: org.target, orgDomain: 'emulator', outDir: out }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CxError);
  expect((error as CxError).message).toMatch(
    new RegExp(
      `^cannot write .*${second!.replace('.', '\\.')}: EBUSY.*; the files before it were written: .*${first}$`,
    ),
  );
  expect(await readdir(out)).toEqual([first]);
});
