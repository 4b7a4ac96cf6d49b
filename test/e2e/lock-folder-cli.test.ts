/**
 * A folder where the emulator's data lock goes: the CLI exits as on a configuration error (64), naming it, not as
 * on an internal error (the library's side: test/emulator/lock-folder.test.ts).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createProject, spawnCli, type Project } from '../support/cli-process.js';

let project: Project | undefined;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

describe('a folder where the data lock goes', () => {
  it('makes `cxschema emulator --data` exit as a configuration error, not an internal one', async () => {
    const made = (project = await createProject());
    const dataPath = join(made.dir, 'state.json');
    await mkdir(`${dataPath}.lock`);
    const result = await spawnCli(['emulator', '--port', '0', '--data', dataPath], { cwd: made.dir }).done;
    expect(result.stderr).not.toContain('internal error');
    expect(result.stderr).toContain(`${dataPath}.lock is not a lock file`);
    expect(result.code).toBe(64);
  });
});
