import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataLock, lockPathFor } from '../../src/emulator/data-lock.js';
import { ConfigError } from '../../src/model/errors.js';
import { acquireFileLock } from '../../src/observe/audit/audit-lock.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function folder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cxschema-lock-folder-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

// A folder where a lock file goes was read as a file: EISDIR, which the CLI reported as an internal error to report.
describe('a folder where a lock file goes', () => {
  it('is a ConfigError naming it, for the emulator data lock', async () => {
    const dataPath = join(await folder(), 'state.json');
    await mkdir(lockPathFor(dataPath));
    const refused = acquireDataLock(dataPath);
    await expect(refused).rejects.toBeInstanceOf(ConfigError);
    await expect(refused).rejects.toThrow(`${lockPathFor(dataPath)} is not a lock file`);
  });

  it('is a ConfigError naming it, for the audit log lock', async () => {
    const lockPath = join(await folder(), 'audit.jsonl.lock');
    await mkdir(lockPath);
    const refused = acquireFileLock(lockPath, { timeoutMs: 50 });
    await expect(refused).rejects.toBeInstanceOf(ConfigError);
    await expect(refused).rejects.toThrow(`${lockPath} is not a lock file`);
  });
});
