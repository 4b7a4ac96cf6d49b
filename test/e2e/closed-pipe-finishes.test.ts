/**
 * `cxschema plan --out plan.json | head`: the reader of stdout goes away once the plan is printed, before the
 * plan file, the metrics file and the exit code are done. A command finishes those as if the pipe were open
 * (docs/deploying.md, "A closed pipe"), rather than end at once with an empty plan file, or no site, and exit 0.
 */
import { copyFile, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { parsePlan } from '../../src/plan/saved-plan.js';
import { definition, text } from '../support/schema-builders.js';
import {
  createProject,
  emulatorAndProjectPerTest,
  emulatorEnv,
  runIntoClosedPipe,
  spawnCli,
} from '../support/cli-process.js';

const rig = emulatorAndProjectPerTest();

function intoClosedStdout(args: readonly string[], env: Record<string, string>, both = false) {
  return runIntoClosedPipe(args, { cwd: rig.project!.dir, env, both });
}

describe('plan whose stdout is closed before the plan is printed', () => {
  it('saves the whole plan and the metrics file, and exits with its own code', async () => {
    rig.emulator = await startEmulator({ port: 0, host: '127.0.0.1', rateLimitPerMinute: 0 });
    rig.project = await createProject();
    await rig.project.write([definition('a', [text('x')]), definition('b', [text('y')])]);
    const args = ['plan', '--out', 'plan.json', '--metrics-file', 'plan.prom', '--detailed-exitcode'];

    const result = await intoClosedStdout(args, emulatorEnv(rig.emulator));

    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).not.toMatch(/EPIPE|error/);
    const saved = await readFile(join(rig.project.dir, 'plan.json'), 'utf8');
    expect(parsePlan(saved, 'plan.json').summary.create).toBe(2);
    expect(await readFile(join(rig.project.dir, 'plan.prom'), 'utf8')).toContain('cxschema_');
  });
});

describe('diff whose stdout is closed before the differences are printed', () => {
  it('exits 2 for --detailed-exitcode when the orgs differ', async () => {
    rig.project = await createProject();
    const dir = rig.project.dir;
    await rig.project.write([definition('a', [text('x')])]);
    expect((await spawnCli(['apply', '--emulator', '--auto-approve'], { cwd: dir }).done).code).toBe(0);
    await copyFile(join(dir, '.cxschema', 'emulator-state.json'), join(dir, 'before.json'));
    await rig.project.write([definition('a', [text('x'), text('y')])]);
    expect((await spawnCli(['apply', '--emulator', '--auto-approve'], { cwd: dir }).done).code).toBe(0);
    const args = ['diff', '--data', 'before.json', '--data', '.cxschema/emulator-state.json', '--detailed-exitcode'];

    const result = await intoClosedStdout(args, {});

    expect(result.code, result.stderr).toBe(2);
  });
});

describe('docs whose output is closed before it writes the catalog', () => {
  it('writes the whole catalog, and exits 0', async () => {
    rig.project = await createProject();
    await rig.project.write([definition('a', [text('x')])]);

    // Online, it says on stderr what it read from the org before it writes the site.
    const result = await intoClosedStdout(['docs', '--emulator', '--out', 'site'], {}, true);

    expect(result.code).toBe(0);
    expect(await readFile(join(rig.project.dir, 'site', 'index.html'), 'utf8')).toContain('</html>');
    expect(await readdir(join(rig.project.dir, 'site', 'schemas'))).toEqual(['a.html']);
  });
});
