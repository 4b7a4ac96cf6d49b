/**
 * A file an online command writes (`--metrics-file`, plan's `--out`) is checked before the org is read: a path
 * that names a folder is a usage error, not a failure found once apply has deployed and cannot record its metrics.
 */
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { definition, text } from '../support/schema-builders.js';
import { createProject, emulatorAndProjectPerTest, runCli } from '../support/cli-process.js';

const rig = emulatorAndProjectPerTest();

describe('an output file that is a folder', () => {
  it('is refused (exit 64) before apply or plan reads the org, and nothing is written', async () => {
    rig.project = await createProject();
    const dir = rig.project.dir;
    await rig.project.write([definition('a', [text('x')])]);
    await mkdir(join(dir, 'reports'));

    const apply = await runCli(['apply', '--emulator', '--auto-approve', '--metrics-file', 'reports'], { cwd: dir });
    const plan = await runCli(['plan', '--emulator', '--out', 'reports'], { cwd: dir });

    expect(apply.code, apply.stderr).toBe(64);
    expect(apply.stderr).toContain('error: --metrics-file reports: it is a folder');
    expect(plan.code, plan.stderr).toBe(64);
    expect(plan.stderr).toContain('error: --out reports: it is a folder');
    // Neither run reached the org: the emulator kept no state, and no audit entry was written.
    expect(await readdir(dir)).not.toContain('.cxschema');
    expect(await readdir(join(dir, 'reports'))).toEqual([]);
  });
});
